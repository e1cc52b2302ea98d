-- LangFlix for Neovim: attaches the LangFlix language server (`langflix lsp --stdio`) to .srt and .vtt
-- buffers, and shows each expression at the end of its line with its time.
--
--   require('langflix').setup({
--     cmd = { 'langflix', 'lsp', '--stdio' },              -- or { 'node', '/path/to/packages/cli/dist/bin.js', 'lsp', '--stdio' }
--     settings = { langflix = { level = 'B2', targetLanguage = 'ko' } },   -- the langflix.* settings
--   })
--
-- Commands: :LangflixAnalyze, :LangflixCancel, :LangflixExport [file], :LangflixSetApiKey.
-- The API key comes from GEMINI_API_KEY in Neovim's environment, or :LangflixSetApiKey (kept in memory);
-- never put it in `settings`.
--
-- Works on Neovim 0.7 and later: 0.10+ shows the server's inlay hints natively; older versions draw the
-- same hints as end-of-line virtual text.

local M = {}

--- Defaults of `setup`; every field can be overridden.
M.config = {
  cmd = { 'langflix', 'lsp', '--stdio' },
  settings = { langflix = {} },
  init_options = {},
  -- File name patterns that get the server.
  patterns = { '*.srt', '*.vtt' },
  inlay_hints = true,
}

local ns = vim.api.nvim_create_namespace('langflix')

--- True where Neovim shows inlay hints itself (0.10+).
local function native_hints()
  return vim.lsp.inlay_hint ~= nil and type(vim.lsp.inlay_hint.enable) == 'function'
end

--- Calls `client:request` on 0.11+, `client.request` before (the dot form is deprecated there).
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- The LangFlix client attached to `bufnr`, or nil.
function M.client_for(bufnr)
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ bufnr = bufnr, name = 'langflix' })
  else
    clients = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(clients) do
    if client.name == 'langflix' and client.initialized ~= false then
      return client
    end
  end
  return nil
end

local function label_text(label)
  if type(label) == 'string' then
    return label
  end
  local parts = {}
  for _, part in ipairs(label) do
    table.insert(parts, part.value)
  end
  return table.concat(parts)
end

--- Draws the server's inlay hints as end-of-line virtual text (Neovim before 0.10).
function M.draw_hints(bufnr)
  local client = M.client_for(bufnr)
  if not client or native_hints() or not M.config.inlay_hints then
    return
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
  }
  request(client, 'textDocument/inlayHint', params, function(err, result)
    if err or not result or not vim.api.nvim_buf_is_valid(bufnr) then
      return
    end
    vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
    for _, hint in ipairs(result) do
      pcall(vim.api.nvim_buf_set_extmark, bufnr, ns, hint.position.line, 0, {
        virt_text = { { ' ' .. label_text(hint.label), 'Comment' } },
        virt_text_pos = 'eol',
      })
    end
  end, bufnr)
end

--- The hints shown in `bufnr`, as { line = 0-based line, label = text }, whichever way they are drawn.
function M.hints(bufnr)
  local out = {}
  if native_hints() then
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = bufnr })) do
      table.insert(out, { line = item.inlay_hint.position.line, label = label_text(item.inlay_hint.label) })
    end
  else
    for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })) do
      local chunks = mark[4].virt_text or {}
      local text = {}
      for _, chunk in ipairs(chunks) do
        table.insert(text, chunk[1])
      end
      table.insert(out, { line = mark[2], label = vim.trim(table.concat(text)) })
    end
  end
  return out
end

local function buffer_for_uri(uri)
  local ok, bufnr = pcall(vim.uri_to_bufnr, uri)
  return ok and bufnr or nil
end

local handlers = {
  -- The server says a document's results changed: redraw its hints where Neovim does not itself.
  ['langflix/annotationsChanged'] = function(_, params)
    local bufnr = params and buffer_for_uri(params.uri)
    if bufnr then
      vim.schedule(function()
        M.draw_hints(bufnr)
      end)
    end
  end,
}

local function on_attach(client, bufnr)
  if native_hints() and M.config.inlay_hints then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  M.draw_hints(bufnr)
end

--- Starts (or reuses) the server for `bufnr` and attaches it.
function M.attach(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local config = {
    name = 'langflix',
    cmd = M.config.cmd,
    root_dir = vim.fn.fnamemodify(name, ':p:h'),
    settings = M.config.settings,
    init_options = M.config.init_options,
    handlers = handlers,
    on_attach = on_attach,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
  else
    if not M._client_id or not vim.lsp.get_client_by_id(M._client_id) then
      M._client_id = vim.lsp.start_client(config)
    end
    vim.lsp.buf_attach_client(bufnr, M._client_id)
  end
end

--- Runs a server command on `bufnr`'s document; `callback(err, result)` gets its answer.
function M.command(bufnr, command, extra, callback)
  local client = M.client_for(bufnr)
  if not client then
    vim.notify('LangFlix: no language server attached to this buffer', vim.log.levels.WARN)
    return
  end
  local arguments = { vim.uri_from_bufnr(bufnr) }
  for _, value in ipairs(extra or {}) do
    table.insert(arguments, value)
  end
  request(client, 'workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if callback then
      callback(err, result)
    end
  end, bufnr)
end

--- Analyses `bufnr`'s text (progress shows as LSP progress); `callback(err, result)` gets the summary.
function M.analyze(bufnr, callback)
  M.command(bufnr, 'langflix.analyze', {}, function(err, result)
    if err then
      vim.notify('LangFlix: ' .. (err.message or tostring(err)), vim.log.levels.ERROR)
    elseif result then
      vim.notify(string.format('LangFlix: %d expressions (%d of %d chunks)%s', result.expressions, result.chunks.succeeded, result.chunks.total, result.cancelled and ', cancelled' or ''))
    end
    M.draw_hints(bufnr)
    if callback then
      callback(err, result)
    end
  end)
end

--- Sets up the autocommands and user commands. Call once from your init.lua.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  local group = vim.api.nvim_create_augroup('langflix', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = M.config.patterns,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('LangflixAnalyze', function()
    M.analyze(vim.api.nvim_get_current_buf())
  end, { desc = 'LangFlix: analyse the expressions of this subtitle file' })
  vim.api.nvim_create_user_command('LangflixCancel', function()
    M.command(vim.api.nvim_get_current_buf(), 'langflix.cancel')
  end, { desc = 'LangFlix: stop the running analysis' })
  vim.api.nvim_create_user_command('LangflixExport', function(args)
    local bufnr = vim.api.nvim_get_current_buf()
    local target = args.args ~= '' and args.args or (vim.api.nvim_buf_get_name(bufnr) .. '.langflix.json')
    M.command(bufnr, 'langflix.export', { 'json' }, function(err, result)
      if err or not result then
        vim.notify('LangFlix: ' .. ((err and err.message) or 'nothing to export'), vim.log.levels.ERROR)
        return
      end
      vim.fn.writefile(vim.split(result.content, '\n', { plain = true }), target)
      vim.notify('LangFlix: report written to ' .. target)
    end)
  end, { nargs = '?', complete = 'file', desc = 'LangFlix: write the report as JSON' })
  vim.api.nvim_create_user_command('LangflixSetApiKey', function()
    local key = vim.fn.inputsecret('Model API key: ')
    local client = M.client_for(vim.api.nvim_get_current_buf())
    if client then
      request(client, 'langflix.setApiKey', { apiKey = key ~= '' and key or vim.NIL }, function() end)
    end
  end, { desc = 'LangFlix: give the server a model API key for this session' })
  -- Buffers already open.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(bufnr)
    if vim.api.nvim_buf_is_loaded(bufnr) and (name:match('%.srt$') or name:match('%.vtt$')) then
      M.attach(bufnr)
    end
  end
end

return M
