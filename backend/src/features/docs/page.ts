// The script of the docs page: fetches the OpenAPI document and renders one collapsible entry per
// operation, grouped by tag, with its access rule, parameters and request body schema. DOM built with
// textContent only (no HTML injection from the document).
export const DOCS_SCRIPT = String.raw`(function () {
  'use strict';
  var app = document.getElementById('app');
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function pre(value) { return el('pre', '', JSON.stringify(value, null, 2)); }
  function resolve(doc, v) {
    if (v && v.$ref) {
      var parts = v.$ref.replace(/^#\//, '').split('/');
      var r = doc;
      for (var i = 0; i < parts.length; i++) r = r && r[parts[i]];
      return r || v;
    }
    return v;
  }
  function render(doc) {
    app.textContent = '';
    var info = doc.info || {};
    app.appendChild(el('h1', '', (info.title || 'API') + ' ' + (info.version || '')));
    if (info.description) app.appendChild(el('p', 's', info.description));
    var base = (doc.servers && doc.servers[0] && doc.servers[0].url) || '';
    var groups = {};
    Object.keys(doc.paths || {}).forEach(function (path) {
      var item = doc.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        var tag = (op.tags && op.tags[0]) || 'other';
        (groups[tag] = groups[tag] || []).push({ path: path, method: method.toUpperCase(), op: op });
      });
    });
    Object.keys(groups).sort().forEach(function (tag) {
      app.appendChild(el('h2', '', tag));
      groups[tag].forEach(function (o) {
        var d = el('details');
        var s = el('summary');
        s.appendChild(el('span', 'm ' + o.method, o.method));
        s.appendChild(el('span', 'p', base + o.path));
        s.appendChild(el('span', 's', o.op.summary || ''));
        var roles = o.op['x-roles'] || [];
        s.appendChild(el('span', 'a', roles.length ? (o.op['x-access'] === 'roles' ? roles.join(', ') : 'signed in') : 'public'));
        d.appendChild(s);
        var b = el('div', 'body');
        if (o.op.description) b.appendChild(el('p', '', o.op.description));
        if (o.op.security && o.op.security.length)
          b.appendChild(el('p', 's', 'Token: accessToken cookie, x-access-token header or Authorization: Bearer.'));
        if (o.op.parameters && o.op.parameters.length) {
          b.appendChild(el('h4', '', 'Parameters'));
          var t = el('table');
          var h = el('tr');
          ['name', 'in', 'required', 'schema'].forEach(function (c) { h.appendChild(el('th', '', c)); });
          t.appendChild(h);
          o.op.parameters.forEach(function (p) {
            var r = el('tr');
            r.appendChild(el('td', 'p', p.name));
            r.appendChild(el('td', '', p.in));
            r.appendChild(el('td', '', p.required ? 'yes' : 'no'));
            r.appendChild(el('td', 'p', JSON.stringify(p.schema)));
            t.appendChild(r);
          });
          b.appendChild(t);
        }
        var body = o.op.requestBody && o.op.requestBody.content && o.op.requestBody.content['application/json'];
        if (body) {
          b.appendChild(el('h4', '', 'Request body (application/json)'));
          b.appendChild(pre(body.schema));
        }
        b.appendChild(el('h4', '', 'Responses'));
        Object.keys(o.op.responses || {}).forEach(function (code) {
          var r = resolve(doc, o.op.responses[code]);
          b.appendChild(el('div', '', code + ' — ' + (r.description || '')));
        });
        d.appendChild(b);
        app.appendChild(d);
      });
    });
  }
  fetch(app.getAttribute('data-spec'), { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(render)
    .catch(function (e) { app.textContent = 'Could not load the API description: ' + e.message; });
})();
`;
