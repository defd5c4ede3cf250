'use strict';
// Arclight's Node.js runtime for Lambda functions: loads `file.function` from _HANDLER (CommonJS
// or ES module; async or callback style) and serves invocations from the Runtime API, one at a
// time, for as long as the process lives.
const http = require('http');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');

// A pre-started runtime (guest/agent/spares.py): node and this module are loaded; say so, wait for
// the container that takes this process, become it (its environment, its uid, no groups), and only
// then load the function's code. Still root until then, with no_new_privs set and no user code.
function awaitHandoff(readyFd) {
  fs.writeSync(readyFd, 'ready\n');
  fs.closeSync(readyFd);
  const chunks = [];
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    const n = fs.readSync(0, buf, 0, buf.length, null);
    if (n === 0) break;
    const chunk = Buffer.from(buf.subarray(0, n));
    chunks.push(chunk);
    if (chunk.includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8');
  if (!line.trim()) process.exit(0); // discarded before use
  const spec = JSON.parse(line);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, spec.env);
  process.setgroups([]);
  process.setgid(spec.uid);
  process.setuid(spec.uid);
  if (process.getuid() !== spec.uid || process.geteuid() !== spec.uid) process.exit(125);
  process.chdir('/var/task');
  // NODE_PATH was read when node started; read it again from the function's environment.
  require('module').Module._initPaths();
}

// Before a pre-started runtime says it is ready: run once, against a throwaway server of its own
// on loopback, the code a container's first moments run (the module loader, the HTTP client and
// its parser, JSON), so that V8 has compiled it and QEMU has translated it before the handoff.
// Under TCG a claimed VM's first Node.js start otherwise paid that on the call's path. Nothing
// of it outlives the warm-up: the server and its sockets are closed, no user code is involved.
async function warmUp() {
  require(path.join(__dirname, 'warmup.js'));
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Lambda-Runtime-Aws-Request-Id': 'warm-up' });
      res.end(JSON.stringify({ warm: true }));
    });
  });
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const warmAgent = new http.Agent({ keepAlive: true, maxSockets: 1, noDelay: true });
  try {
    const target = { host: '127.0.0.1', port: server.address().port, agent: warmAgent };
    const next = await request('GET', '/invocation/next', undefined, undefined, target);
    JSON.parse(next.body.toString('utf8'));
    await request('POST', '/invocation/warm-up/response', JSON.stringify({ warm: true }),
      { 'Content-Type': 'application/json' }, target);
  } finally {
    warmAgent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const BASE = '/2018-06-01/runtime';
let runtimeApi;

function request(method, urlPath, body, headers, target = runtimeApi) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request({
      host: target.host, port: target.port, method, path: BASE + urlPath, agent: target.agent,
      headers: Object.assign(data ? { 'Content-Length': data.length } : {}, headers || {}),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // One write for headers and body: split writes meet Nagle and delayed ACKs on loopback.
    req.end(data);
  });
}

function errorBody(err, requestId) {
  const isError = err instanceof Error;
  const body = {
    errorType: isError ? (err.name || 'Error') : 'Error',
    errorMessage: isError ? err.message : String(err),
    stackTrace: isError && err.stack ? err.stack.split('\n').slice(1).map((l) => l.trim()) : [],
  };
  if (requestId) body.requestId = requestId;
  return body;
}

class HandlerError extends Error {
  constructor(type, message) { super(message); this.name = type; }
}

async function loadHandler(spec) {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw new HandlerError('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  const moduleName = spec.slice(0, dot);
  const functionName = spec.slice(dot + 1);
  const base = path.resolve(process.env.LAMBDA_TASK_ROOT || '/var/task', moduleName);
  let mod;
  const candidates = [base + '.js', base + '.mjs', base + '.cjs', base];
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) {
    throw new HandlerError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  }
  try {
    if (file.endsWith('.mjs')) mod = await import(pathToFileURL(file).href);
    else mod = require(file);
  } catch (e) {
    // As Lambda's runtime names them; any other error the module throws keeps its own type.
    if (e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND')) {
      throw new HandlerError('Runtime.ImportModuleError', String(e));
    }
    if (e instanceof SyntaxError) throw new HandlerError('Runtime.UserCodeSyntaxError', String(e));
    throw e;
  }
  const handler = mod[functionName] || (mod.default && mod.default[functionName]);
  if (typeof handler !== 'function') {
    throw new HandlerError('Runtime.HandlerNotFound', `${moduleName}.${functionName} is undefined or not exported`);
  }
  return handler;
}

function callHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err); else resolve(result);
    };
    context.done = callback;
    context.succeed = (r) => callback(null, r);
    context.fail = (e) => callback(e);
    try {
      const out = handler(event, context, callback);
      if (handler.length < 3 || (out && typeof out.then === 'function')) {
        Promise.resolve(out).then((r) => callback(null, r), (e) => callback(e === undefined ? new Error('undefined') : e));
      }
    } catch (e) {
      callback(e);
    }
  });
}

function parseClientContext(header) {
  if (!header) return undefined;
  try { return JSON.parse(header); } catch (e) { return undefined; }
}

async function main() {
  const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
  runtimeApi = { host, port: Number(port), agent: new http.Agent({ keepAlive: true, maxSockets: 1, noDelay: true }) };
  let handler;
  try {
    handler = await loadHandler(process.env._HANDLER || '');
  } catch (e) {
    const body = errorBody(e);
    console.error(`ERROR\tUncaught Exception \t${JSON.stringify(body)}`);
    await request('POST', '/init/error', JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
    process.exit(1);
  }
  for (;;) {
    const next = await request('GET', '/invocation/next');
    if (next.status !== 200) {
      console.error(`runtime: /invocation/next answered ${next.status}, exiting`);
      process.exit(1);
    }
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(next.headers['lambda-runtime-deadline-ms'] || 0);
    const context = {
      awsRequestId: requestId,
      invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      clientContext: parseClientContext(next.headers['lambda-runtime-client-context']),
    };
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    let result;
    try {
      const event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
      result = await callHandler(handler, event, context);
    } catch (e) {
      const body = errorBody(e, requestId);
      console.error(`ERROR\tInvoke Error\t${JSON.stringify(body)}`);
      await request('POST', `/invocation/${requestId}/error`, JSON.stringify(body),
        { 'Lambda-Runtime-Function-Error-Type': body.errorType, 'Content-Type': 'application/json' });
      continue;
    }
    let payload;
    try {
      // A function, a symbol or undefined stringifies to undefined: the caller gets null.
      payload = JSON.stringify(result === undefined ? null : result) ?? 'null';
    } catch (e) {
      const body = { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${e.message}`, stackTrace: [], requestId };
      console.error(`ERROR\tInvoke Error \t${JSON.stringify(body)}`);
      await request('POST', `/invocation/${requestId}/error`, JSON.stringify(body),
        { 'Lambda-Runtime-Function-Error-Type': body.errorType });
      continue;
    }
    await request('POST', `/invocation/${requestId}/response`, payload, { 'Content-Type': 'application/json' });
  }
}

async function start() {
  if (process.env.ARCLIGHT_SPARE_FD) {
    // A failed warm-up costs only its head start: the spare still waits for its container.
    await warmUp().catch((e) => console.error('runtime: warm-up failed', e));
    awaitHandoff(Number(process.env.ARCLIGHT_SPARE_FD));
  }
  await main();
}

start().catch((e) => { console.error('runtime: fatal', e); process.exit(1); });
