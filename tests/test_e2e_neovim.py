"""End to end: Neovim's own LSP client (Debian's neovim package, headless) attaches ``mail-lint lsp`` to a
NeoMutt-style draft, waits for the diagnostics and writes them out; after an edit that removes the
apology it has one diagnostic less. Columns come back in bytes, as Neovim converts the server's UTF-16
positions: an emoji before a finding shows that conversion is right. Without nvim this skips.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("pygls")
pytestmark = pytest.mark.skipif(shutil.which("nvim") is None,
                                reason="the Neovim end-to-end test needs nvim (Debian package neovim)")

DRAFT = (
    "From: Mira Okafor <mira@example.org>\n"
    "To: Jon Reyes <jon@example.com>\n"
    "Subject: Re: Your application for the analyst role\n"
    "\n"
    "Dear Jon,\n"
    "\n"
    "\U0001F642 Thank you for the interview on Monday. I am so sorry that I mixed up the dates of the "
    "interview.\n"
    "\n"
    "I was very nervous and lost my train of thought.\n"
    "\n"
    "> Sorry, we have decided to go with another candidate.\n"
)
APOLOGY = " I am so sorry that I mixed up the dates of the interview."

# Works with Neovim 0.7 (Debian 12) and later: start_client + buf_attach_client, vim.diagnostic.get.
SCRIPT = r"""
local out = assert(io.open(vim.env.MAIL_LINT_OUT, "w"))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = "mail"
local client_id = vim.lsp.start_client({
  name = "mail-lint",
  cmd = vim.fn.json_decode(vim.env.MAIL_LINT_CMD),
  root_dir = vim.fn.expand("%:p:h"),
  init_options = { debounceMs = 50 },
})
vim.lsp.buf_attach_client(bufnr, client_id)

local function dump(phase)
  local found = vim.diagnostic.get(bufnr)
  table.sort(found, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  for _, d in ipairs(found) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    out:write(vim.fn.json_encode({ phase, code, d.lnum, d.col, d.end_lnum, d.end_col }), "\n")
  end
  out:write(vim.fn.json_encode({ phase, "count", #found }), "\n")
  return #found
end

local ok = vim.wait(25000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
local before = dump("opened")
if ok then
  -- the edit a writer makes: delete the apology from its line
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local from, to = line:find(vim.env.MAIL_LINT_APOLOGY, 1, true)
    if from then
      vim.api.nvim_buf_set_text(bufnr, index - 1, from - 1, index - 1, to, {})
    end
  end
  vim.wait(25000, function() return #vim.diagnostic.get(bufnr) == before - 1 end, 50)
  dump("edited")
end
out:close()
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd("qa!")
"""


def test_neovim_shows_the_diagnostics_and_drops_the_one_an_edit_removes(tmp_path):
    draft = tmp_path / "neomutt-host-1000-4242-1"
    draft.write_text(DRAFT, encoding="utf-8")
    script = tmp_path / "attach.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "diagnostics.jsonl"
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_STATE_HOME": str(home / ".state"), "XDG_DATA_HOME": str(home / ".data"),
           "MAIL_LINT_OUT": str(out), "MAIL_LINT_APOLOGY": APOLOGY,
           "MAIL_LINT_CMD": json.dumps([sys.executable, "-m", "mail_lint", "lsp"])}
    subprocess.run(["nvim", "--headless", "--clean", "-c", f"luafile {script}", str(draft)],
                   env=env, cwd=tmp_path, timeout=60, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    opened = [tuple(row[1:]) for row in rows if row[0] == "opened" and row[1] != "count"]
    edited = [tuple(row[1:]) for row in rows if row[0] == "edited" and row[1] != "count"]

    line = DRAFT.splitlines()[6].encode("utf-8")  # Neovim's columns are bytes: the emoji is 4 of them

    def span(evidence: str) -> tuple[int, int]:
        start = line.index(evidence.encode("utf-8"))
        return start, start + len(evidence.encode("utf-8"))

    thanks = span("Thank you for the interview on Monday")
    sorry = span("sorry that I mixed up the dates of the interview")
    assert opened == [
        ("thank-you.for-the-interview", 6, thanks[0], 6, thanks[1]),
        ("apology.sorry", 6, sorry[0], 6, sorry[1]),
        ("excuse.nerves", 8, 0, 8, len("I was very nervous")),
    ]
    assert edited == [opened[0], opened[2]]  # the apology is gone; the quoted "Sorry" never counted
