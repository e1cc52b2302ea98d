-- Run by neovim.test.ts as `nvim --headless --clean -u <this file>`: sets up editors/nvim as a user would,
-- opens the .srt, runs LangFlix's analysis, reads back the inlay hints Neovim shows, and writes what it saw
-- as JSON to $LANGFLIX_OUT. Exits non-zero on a time-out.
local repo = os.getenv('LANGFLIX_REPO')
local out = os.getenv('LANGFLIX_OUT')
local file = os.getenv('LANGFLIX_FILE')
local cmd = vim.fn.json_decode(os.getenv('LANGFLIX_CMD'))
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')

local seen = { version = vim.version(), steps = {} }
local function finish(ok, why)
  seen.ok = ok
  seen.why = why
  vim.fn.writefile({ vim.fn.json_encode(seen) }, out)
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

local langflix = require('langflix')
langflix.setup({ cmd = cmd, settings = { langflix = { provider = 'lexicon', cache = false } } })
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

if not vim.wait(20000, function()
  local client = langflix.client_for(bufnr)
  return client ~= nil and client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil
end, 50) then
  return finish(false, 'the server did not attach within 20 s')
end
table.insert(seen.steps, 'attached')
seen.commands = vim.fn.exists(':LangflixAnalyze') == 2

local result, failure
langflix.analyze(bufnr, function(err, res)
  failure = err
  result = res or vim.NIL
end)
if not vim.wait(60000, function() return result ~= nil end, 50) then
  return finish(false, 'no answer to langflix.analyze within 60 s')
end
if failure then
  return finish(false, 'langflix.analyze failed: ' .. vim.inspect(failure))
end
seen.result = result
table.insert(seen.steps, 'analysed')

if not vim.wait(20000, function() return #langflix.hints(bufnr) >= result.annotations end, 50) then
  seen.hints = langflix.hints(bufnr)
  return finish(false, 'the inlay hints did not show within 20 s')
end
seen.hints = langflix.hints(bufnr)
seen.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
finish(true)
