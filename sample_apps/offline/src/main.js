// Offline ddemu: a micro-app shipped as a DingTalk offline package. It shows
// what the container says about the package (biz.resource.getInfo), the
// network type, and a file fetched from its own origin.
import dd from 'dingtalk-jsapi';

window.dd = dd;

const $ = (id) => document.getElementById(id);
const show = (id, value) => { $(id).textContent = value == null ? '-' : String(value); };

show('banner', window.offlineBanner || 'no banner');

dd.ready(async () => {
  try {
    const info = await dd.biz.resource.getInfo({});
    show('status', info.status);
    if (info.detail) {
      show('version', info.detail.version);
      show('expires', new Date(info.detail.expireTimestamp).toISOString());
      show('biz-data', JSON.stringify(info.detail.bizData || {}));
    }
  } catch (err) {
    show('status', 'error ' + JSON.stringify(err));
  }
  try {
    // The library turns the container's {result} into {netWorkAvailable, netWorkType}.
    const net = await dd.device.connection.getNetworkType({});
    show('network', net.netWorkType || net.result || 'none');
  } catch (err) {
    show('network', 'error');
  }
});

fetch('./hello.txt')
  .then((response) => response.text())
  .then((text) => show('hello', text.trim()))
  .catch(() => show('hello', 'failed'));
