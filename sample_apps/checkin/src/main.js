// Check-in: a DingTalk H5 attendance app. A person may check in when the phone
// is inside the office's geofence AND hears the office's iBeacon; the page also
// shows the person's auth code and today's steps.
//
// The rule is checked in the page to keep the sample small. A real app sends
// the auth code, the position and the beacon to its own server, which signs the
// person in with the code and decides; never trust a check made in the page.
import dd from 'dingtalk-jsapi';

window.dd = dd;

// The office, as an administrator picks it on AMap: GCJ-02, like the fixes the
// page asks for (coordinate 1, the default).
const OFFICE = {
  name: 'Xixi office',
  latitude: 30.277621,
  longitude: 120.030749,
  radius: 100, // metres
  beacon: { uuid: 'FDA50693-A4E2-4FB1-AFCF-C6EB07647825', major: '10001', minor: '7' },
};
// A fix less accurate than this cannot prove the person is inside.
const MAX_ACCURACY = 100; // metres
// A beacon heard longer ago than this no longer counts.
const BEACON_FRESH_MS = 10000;

const state = { fix: null, fixes: 0, beaconSeenAt: 0, steps: null, code: null };

const $ = (id) => document.getElementById(id);

function show(id, text, mood) {
  const el = $(id);
  if (!el) return;
  el.textContent = text == null ? '' : String(text);
  if (mood) el.setAttribute('data-state', mood);
}

function describeError(err) {
  if (err && typeof err === 'object') {
    return 'error ' + err.errorCode + ': ' + (err.errorMessage || err.message || '');
  }
  return 'error: ' + String(err);
}

// Great-circle distance in metres (haversine).
function distance(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function officeDistance(fix) {
  return distance(fix.latitude, fix.longitude, OFFICE.latitude, OFFICE.longitude);
}

function onFix(fix) {
  state.fix = fix;
  const metres = Math.round(officeDistance(fix));
  const inside = metres <= OFFICE.radius;
  show('position', fix.latitude.toFixed(6) + ', ' + fix.longitude.toFixed(6));
  show('accuracy', Math.round(fix.accuracy) + ' m');
  show('address', fix.address || '');
  show('distance', metres + ' m', inside ? 'ok' : 'idle');
  show('fence', inside ? 'inside' : 'outside', inside ? 'ok' : 'idle');
  state.fixes += 1;
  if (state.fixes % 10 === 1) refreshSteps(); // now and then, not on every fix
}

function onBeacons(data) {
  const list = (data && data.beacons) || [];
  const want = OFFICE.beacon;
  const found = list.find(
    (b) =>
      String(b.uuid).toUpperCase() === want.uuid &&
      String(b.major) === want.major &&
      String(b.minor) === want.minor,
  );
  if (found) {
    state.beaconSeenAt = Date.now();
    show('beacon', 'in range (' + found.rssi + ' dBm)', 'ok');
  } else if (Date.now() - state.beaconSeenAt > BEACON_FRESH_MS) {
    show('beacon', 'not found', 'idle');
  }
}

function refreshSteps() {
  return dd
    .getTodaysStepCount({})
    .then((res) => {
      state.steps = res.stepCount;
      show('steps', res.stepCount);
    })
    .catch((err) => show('steps', describeError(err), 'error'));
}

// Why the person may not check in now, or null when they may.
function refusal(fix, beaconSeenAt, now) {
  if (!fix) return 'no position yet';
  if (fix.accuracy > MAX_ACCURACY) {
    return 'position too rough (' + Math.round(fix.accuracy) + ' m)';
  }
  const metres = Math.round(officeDistance(fix));
  if (metres > OFFICE.radius) {
    return 'outside the office: ' + metres + ' m away (fence ' + OFFICE.radius + ' m)';
  }
  if (now - beaconSeenAt > BEACON_FRESH_MS) return 'no office beacon nearby';
  return null;
}

function checkIn() {
  refreshSteps();
  const why = refusal(state.fix, state.beaconSeenAt, Date.now());
  if (why) {
    show('result', 'refused: ' + why, 'error');
    dd.device.notification.toast({ icon: 'error', text: 'Check-in refused', duration: 2 });
    return;
  }
  const metres = Math.round(officeDistance(state.fix));
  show('result', 'checked in, ' + metres + ' m from ' + OFFICE.name, 'ok');
  dd.device.notification.toast({ icon: 'success', text: 'Checked in', duration: 2 });
}

function start() {
  const corpId = new URLSearchParams(window.location.search).get('corpId') || '';
  dd.runtime.permission
    .requestAuthCode({ corpId })
    .then((res) => {
      state.code = res.code;
      show('auth-code', res.code, 'ok');
    })
    .catch((err) => show('auth-code', describeError(err), 'error'));

  dd.device.geolocation
    .start({
      sceneId: 'checkin',
      callBackInterval: 1000,
      targetAccuracy: 50,
      withReGeocode: true,
      onSuccess: onFix, // the first answer, then one per second
    })
    .catch((err) => show('fence', describeError(err), 'error'));

  dd.onBeaconUpdate({ onSuccess: onBeacons });
  dd.startBeaconDiscovery({ uuids: [OFFICE.beacon.uuid] })
    .then(() => show('beacon', 'searching', 'idle'))
    .catch((err) => show('beacon', describeError(err), 'error'));

  refreshSteps();
  $('checkin').addEventListener('click', checkIn);
  window.addEventListener('pagehide', () => {
    dd.device.geolocation.stop({ sceneId: 'checkin' });
    dd.stopBeaconDiscovery({});
  });
  show('ready', 'ready', 'ok');
}

if (dd.env.platform === 'notInDingTalk') {
  show('ready', 'not in DingTalk', 'error');
} else {
  dd.ready(start);
}
