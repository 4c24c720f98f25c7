// Hello ddemu: a tiny DingTalk H5 micro-app that exercises a handful of JSAPIs
// through the real `dingtalk-jsapi` package.
//
// dingtalk-jsapi ships CommonJS (`module.exports = dd`, no __esModule flag), so
// the default import is the library object itself; esbuild hands it over as
// `module.exports` unchanged.
import dd from 'dingtalk-jsapi';

// Handy in DevTools: try `await dd.device.base.getPhoneInfo({})` in the console.
window.dd = dd;

const $ = (id) => document.getElementById(id);

function setText(id, value) {
  const el = $(id);
  if (el) el.textContent = value == null ? '' : String(value);
}

function setState(id, state) {
  const el = $(id);
  if (el) el.setAttribute('data-state', state);
}

function toJson(value) {
  if (value instanceof Error) return JSON.stringify({ message: value.message });
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
  } catch (err) {
    return String(value);
  }
}

function log(line) {
  const el = $('log');
  if (!el) return;
  el.textContent += line + '\n';
  el.scrollTop = el.scrollHeight;
}

// Text shown for a failed call: "error <errorCode>: <errorMessage>".
function describeError(err) {
  if (err && typeof err === 'object') {
    const code = err.errorCode !== undefined ? err.errorCode : '?';
    const message = err.errorMessage !== undefined ? err.errorMessage : err.message;
    return 'error ' + code + ': ' + (message !== undefined ? message : toJson(err));
  }
  return 'error ?: ' + String(err);
}

// Call one JSAPI through its Promise interface, logging each step.
// `method` is the dotted name used for the log; `fn` performs the call.
function call(method, fn) {
  log('> ' + method);
  let promise;
  try {
    promise = Promise.resolve(fn());
  } catch (err) {
    promise = Promise.reject(err);
  }
  return promise.then(
    (result) => {
      log('< ' + method + ' ' + toJson(result));
      return result;
    },
    (err) => {
      log('! ' + method + ' ' + toJson(err));
      throw err;
    },
  );
}

function fail(ids) {
  return (err) => {
    const text = describeError(err);
    ids.forEach((id) => {
      setText(id, text);
      setState(id, 'error');
    });
  };
}

function ok(id, value) {
  setText(id, value);
  setState(id, 'ok');
}

function setTitle() {
  return call('biz.navigation.setTitle', () =>
    dd.biz.navigation.setTitle({ title: 'Hello ddemu' }),
  ).catch(() => {});
}

function loadPhoneInfo() {
  return call('device.base.getPhoneInfo', () => dd.device.base.getPhoneInfo({}))
    .then((info) => {
      const res = info || {};
      ok('model', [res.brand, res.model].join(' '));
      ok('os', res.version);
      ok('screen', res.screenWidth + '\u00d7' + res.screenHeight);
    })
    .catch(fail(['model', 'os', 'screen']));
}

function loadAuthCode() {
  const corpId = new URLSearchParams(window.location.search).get('corpId') || '';
  return call('runtime.permission.requestAuthCode', () =>
    dd.runtime.permission.requestAuthCode({ corpId }),
  )
    .then((res) => ok('auth-code', (res || {}).code))
    .catch(fail(['auth-code']));
}

function loadNetwork() {
  return call('device.connection.getNetworkType', () => dd.device.connection.getNetworkType({}))
    .then((res) => {
      // The library rewrites the container's {result} into
      // {netWorkAvailable, netWorkType}; when offline it only returns
      // {newWorkAvailable: false} (sic), without a type.
      const type = res && res.netWorkType;
      ok('network', type ? type : 'offline');
    })
    .catch(fail(['network']));
}

function locate() {
  ['location', 'accuracy', 'address'].forEach((id) => setState(id, 'pending'));
  return call('device.geolocation.get', () =>
    dd.device.geolocation.get({
      targetAccuracy: 200,
      coordinate: 0,
      withReGeocode: true,
      useCache: false,
    }),
  )
    .then((pos) => {
      const res = pos || {};
      ok('location', Number(res.latitude).toFixed(6) + ', ' + Number(res.longitude).toFixed(6));
      ok('accuracy', res.accuracy + ' m');
      ok('address', res.address || '');
    })
    .catch(fail(['location', 'accuracy', 'address']));
}

function scan() {
  setState('scan-result', 'pending');
  return call('biz.util.scan', () => dd.biz.util.scan({ type: 'qr' }))
    .then((res) => {
      const result = res || {};
      ok('scan-result', result.text != null ? result.text : result.code);
      return call('device.notification.toast', () =>
        dd.device.notification.toast({ icon: 'success', text: 'Scanned', duration: 2 }),
      ).catch(() => {});
    })
    .catch((err) => {
      if (err && String(err.errorCode) === '-1') {
        setText('scan-result', 'cancelled');
        setState('scan-result', 'cancelled');
      } else {
        fail(['scan-result'])(err);
      }
    });
}

function main() {
  const env = dd.env || {};
  setText('env', JSON.stringify(dd.env));
  setText('platform', env.platform);

  dd.error((err) => {
    setText('error', err instanceof Error ? err.message : JSON.stringify(err));
    setState('error', 'error');
  });

  if (env.platform === 'notInDingTalk') {
    setText('ready', 'not in DingTalk');
    setState('ready', 'error');
    document.body.classList.add('outside');
    ['locate', 'scan'].forEach((id) => {
      const button = $(id);
      if (button) button.disabled = true;
    });
    return;
  }

  dd.ready(() => {
    setText('ready', 'ready');
    setState('ready', 'ok');
  });

  $('locate').addEventListener('click', () => locate());
  $('scan').addEventListener('click', () => scan());

  // Fire everything right away: the library waits for its bridge itself.
  setTitle();
  loadPhoneInfo();
  loadAuthCode();
  loadNetwork();
  locate();
}

main();
