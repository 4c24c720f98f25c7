// Approval: a leave request form, the kind of micro-app every corp runs in
// DingTalk. It drives the client's native UI through the real dingtalk-jsapi:
// pickers for the fields, a confirm dialog, a preloader and toasts, and the
// navigation bar's title and right button.
import dd from 'dingtalk-jsapi';

window.dd = dd;

const $ = (id) => document.getElementById(id);

const LEAVE_TYPES = [
  { key: '年假', value: 'annual' },
  { key: '事假', value: 'personal' },
  { key: '病假', value: 'sick' },
  { key: '调休', value: 'compensatory' },
];
const MAX_APPROVERS = 3;
const DAY = 24 * 60 * 60 * 1000;

// The form, as the pickers filled it.
const form = {
  type: null, // {key, value}
  start: null, // ms, local midnight
  end: null,
  approvers: [], // [{name, emplId, avatar}]
  cc: [], // [{id, name, number}]
};

const corpId = new URLSearchParams(window.location.search).get('corpId') || '';

function show(id, text) {
  $(id).textContent = text;
}

function day(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

function cancelled(err) {
  return err && String(err.errorCode) === '-1';
}

function toast(icon, text) {
  return dd.device.notification.toast({ icon, text, duration: 2 }).catch(() => {});
}

// A picker's failure: a cancel changes nothing; anything else is shown.
function failed(err) {
  if (!cancelled(err)) toast('error', (err && err.errorMessage) || '出错了');
}

function pickType() {
  return dd.biz.util
    .chosen({ source: LEAVE_TYPES, selectedKey: form.type ? form.type.key : '' })
    .then((res) => {
      form.type = { key: res.key, value: res.value };
      show('leave-type', res.key);
    })
    .catch(failed);
}

function pickDates() {
  return dd.biz.calendar
    .chooseInterval({ defaultStart: form.start || undefined, defaultEnd: form.end || undefined })
    .then((res) => {
      form.start = res.start;
      form.end = res.end;
      show('dates', day(res.start) + ' ~ ' + day(res.end));
      show('days', String(Math.round((res.end - res.start) / DAY) + 1));
    })
    .catch(failed);
}

function pickApprovers() {
  return dd.biz.contact
    .complexPicker({
      title: '选择审批人',
      corpId,
      multiple: true,
      maxUsers: MAX_APPROVERS,
      limitTips: '最多选择' + MAX_APPROVERS + '位审批人',
      pickedUsers: form.approvers.map((u) => u.emplId),
      pickedDepartments: [],
      disabledUsers: [],
      requiredUsers: [],
      responseUserOnly: true,
      startWithDepartmentId: 0,
    })
    .then((res) => {
      form.approvers = (res.users || []).map((u) => ({
        name: u.name,
        emplId: u.emplId,
        avatar: u.avatar,
      }));
      show('approvers', form.approvers.map((u) => u.name).join('、'));
    })
    .catch(failed);
}

function pickCc() {
  return dd.biz.contact
    .departmentsPicker({
      title: '抄送部门',
      corpId,
      multiple: true,
      pickedDepartments: form.cc.map((d) => d.id),
    })
    .then((res) => {
      form.cc = res.departments || [];
      show('cc', form.cc.map((d) => d.name).join('、'));
    })
    .catch(failed);
}

// What is missing, in the order of the form; null when it can be sent.
function missing() {
  if (!form.type) return '请选择请假类型';
  if (!form.start) return '请选择请假日期';
  if (!form.approvers.length) return '请选择审批人';
  return null;
}

let sending = false;

function submit() {
  const problem = missing();
  if (problem) return toast('error', problem);
  if (sending) return Promise.resolve();
  sending = true;
  const request = {
    type: form.type.value,
    start: day(form.start),
    end: day(form.end),
    days: Math.round((form.end - form.start) / DAY) + 1,
    reason: $('reason').value.trim(),
    approvers: form.approvers.map((u) => u.emplId),
    cc: form.cc.map((d) => d.id),
  };
  return dd.device.notification
    .confirm({
      title: '提交申请',
      message: form.type.key + ' ' + request.days + ' 天，提交给 ' +
        form.approvers.map((u) => u.name).join('、') + ' 审批？',
      buttonLabels: ['提交', '取消'],
    })
    .then((res) => {
      if (res.buttonIndex !== 0) return null;
      return dd.device.notification
        .showPreloader({ text: '提交中…', showIcon: true })
        .catch(() => {})
        // A real app posts `request` to its backend here.
        .then(() => new Promise((resolve) => setTimeout(resolve, 300)))
        .then(() => dd.device.notification.hidePreloader({}).catch(() => {}))
        .then(() => {
          show('status', '已提交，等待 ' + form.approvers[0].name + ' 审批');
          show('submitted', JSON.stringify(request, null, 2));
          $('submit').disabled = true;
          return toast('success', '已提交');
        });
    })
    .catch(failed)
    .then(() => {
      sending = false;
    });
}

function main() {
  $('pick-type').addEventListener('click', pickType);
  $('pick-dates').addEventListener('click', pickDates);
  $('pick-approvers').addEventListener('click', pickApprovers);
  $('pick-cc').addEventListener('click', pickCc);
  $('submit').addEventListener('click', submit);

  if ((dd.env || {}).platform === 'notInDingTalk') {
    show('status', '请在钉钉中打开');
    return;
  }

  dd.biz.navigation.setTitle({ title: '请假申请' }).catch(() => {});
  // The right button is a watch call: onSuccess runs on every tap. On Android
  // the answer that sets the button calls onSuccess once too, so taps count
  // only once it is set.
  let rightSet = false;
  dd.biz.navigation
    .setRight({
      show: true,
      control: true,
      text: '提交',
      onSuccess: () => {
        if (rightSet) submit();
      },
    })
    .then(() => setTimeout(() => (rightSet = true), 0))
    .catch(() => {});
}

main();
