/* global RED, $, window, document */
// The STATUS nodes' shared editor code. Node-RED serves a node package's resources/ folder at
// resources/<package name>/…, and every node's .html loads this file before its own script, so each
// .html keeps only what is its own (defaults, label, form rows, help text) and the form markup,
// the typed inputs and the rows shown for one choice only are written once, here.
// Loaded once per node .html (the editor appends each script tag it finds): defining it again is harmless.
(function () {
  'use strict';

  /** The palette colours of the STATUS node families. */
  var colors = { source: '#8FB8DE', transform: '#C7E9C0', logic: '#FDD0A2', result: '#E2A6A6' };

  /** The comparison operators of lib/operators.ts, as the editor shows them. */
  var ORDERING = [
    ['eq', '='],
    ['neq', '≠'],
    ['lt', '<'],
    ['lte', '≤'],
    ['gte', '≥'],
    ['gt', '>'],
  ];
  var MATCHING = ORDERING.concat([
    ['contains', 'contains'],
    ['regex', 'matches (regex)'],
    ['exists', 'exists'],
    ['notexists', 'is empty'],
  ]);

  /** How the editor shows an operator (`lte` → ≤); `=` when unknown, as the runtime defaults to eq. */
  function symbol(operator) {
    var known = MATCHING.filter(function (o) {
      return o[0] === operator;
    })[0];
    return known ? known[1] : '=';
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function values(options) {
    return options.map(function (option) {
      return option[0];
    });
  }

  // ---- defaults -------------------------------------------------------------------------------

  /** The current value of another setting: the open form's, else the node's. */
  function setting(node, name) {
    var input = $('#node-input-' + name);
    var value = input.length ? input.val() : undefined;
    return value === undefined || value === null || value === '' ? node[name] : value;
  }

  /** Valid when one of `allowed` (a select's options). */
  function oneOf(allowed) {
    return RED.validators.regex(new RegExp('^(' + allowed.join('|') + ')$'));
  }

  /** A msg property setting, required. */
  function property(value) {
    return { value: value || 'payload', required: true };
  }

  /** A typed-input setting and its type: `{ <name>: …, <name>Type: … }`. */
  function typed(name, type, value) {
    var defaults = {};
    defaults[name] = { value: value || '', validate: RED.validators.typedInput(name + 'Type') };
    defaults[name + 'Type'] = { value: type };
    return defaults;
  }

  /** Validates only while another setting has a value (`valueFrom` is `property`, `source` is `file`). */
  function validateWhen(name, value, test) {
    return function (v) {
      return setting(this, name) !== value || test.call(this, v);
    };
  }

  /** Validates only while a typed input holds a literal string (a msg property or env is not checked). */
  function validateWhenText(name, test) {
    return function (v) {
      return (setting(this, name + 'Type') || 'str') !== 'str' || test.call(this, v);
    };
  }

  /** Empty, or JSON that `accept` (optional) accepts. */
  function validateJson(accept) {
    return function (v) {
      if (!v) return true;
      try {
        var parsed = JSON.parse(v);
        return !accept || accept(parsed);
      } catch {
        return false;
      }
    };
  }

  /**
   * The settings of a node testing array items with "field operator value" (filter, find, aggregate):
   * `optional`: no condition by default, and the form offers "(no condition)".
   */
  function conditionDefaults(optional) {
    var operators = values(MATCHING);
    return Object.assign(
      {
        property: property(),
        field: { value: '' },
        // '' (no condition) stays valid for filter and find too: their runtime reads it as eq.
        operator: { value: optional ? '' : 'eq', validate: oneOf([''].concat(operators)) },
      },
      typed('value', 'str'),
    );
  }

  // ---- form rows --------------------------------------------------------------------------------
  // A row: its markup, what oneditprepare does for it, and (optional) `when: { <setting>: [values] }`,
  // the choices of another setting for which the row is shown.

  function row(name, icon, label, controls, opts) {
    opts = opts || {};
    return {
      name: name,
      when: opts.when,
      prepare: opts.prepare,
      html:
        '<div class="form-row status-row-' +
        name +
        '">' +
        '<label for="node-input-' +
        name +
        '"><i class="fa fa-' +
        icon +
        '"></i> ' +
        escapeHtml(label) +
        '</label>' +
        controls +
        '</div>',
    };
  }

  function input(name, opts) {
    return (
      '<input type="' +
      (opts && opts.password ? 'password' : 'text') +
      '" id="node-input-' +
      name +
      '"' +
      (opts && opts.placeholder ? ' placeholder="' + escapeHtml(opts.placeholder) + '"' : '') +
      ' />'
    );
  }

  /** A text input. opts: placeholder, password, when. */
  function text(name, icon, label, opts) {
    return row(name, icon, label, input(name, opts), opts);
  }

  /** A msg property (a typed input offering `msg.` only). */
  function msg(name, icon, label, opts) {
    return row(
      name,
      icon,
      label,
      input(name, opts),
      Object.assign({}, opts, {
        prepare: function () {
          $('#node-input-' + name).typedInput({ types: ['msg'] });
        },
      }),
    );
  }

  /** A typed input with its hidden type field (`<name>Type`); the first type is the default. */
  function typedInput(name, icon, label, types, opts) {
    return row(
      name,
      icon,
      label,
      input(name, opts) + '<input type="hidden" id="node-input-' + name + 'Type" />',
      Object.assign({}, opts, {
        prepare: function () {
          $('#node-input-' + name).typedInput({
            default: types[0],
            types: types,
            typeField: '#node-input-' + name + 'Type',
          });
        },
      }),
    );
  }

  /**
   * A select; each option is a value shown as it is, or a `[value, label]` pair. Its setting is valid
   * when it is one of the options (unless the node gives its own validate).
   */
  function select(name, icon, label, options, opts) {
    var pairs = options.map(function (option) {
      return typeof option === 'string' ? [option, option] : option;
    });
    var html = pairs
      .map(function (option) {
        return '<option value="' + escapeHtml(option[0]) + '">' + escapeHtml(option[1]) + '</option>';
      })
      .join('');
    var r = row(name, icon, label, '<select id="node-input-' + name + '">' + html + '</select>', opts);
    r.choices = values(pairs);
    return r;
  }

  function checkbox(name, icon, label, caption, opts) {
    var box = '<input type="checkbox" id="node-input-' + name + '" style="width: auto" /> ';
    return row(name, icon, label, box + escapeHtml(caption), opts);
  }

  /** The array a transform reads. */
  function array() {
    return msg('property', 'list', 'Array');
  }

  function output(label, icon) {
    return msg('output', icon || 'arrow-right', label || 'Output');
  }

  function name() {
    return text('name', 'tag', 'Name');
  }

  /** The rows of `conditionDefaults`. */
  function condition(optional) {
    return [
      text('field', 'filter', 'Field', { placeholder: 'state, user.login (empty: the item itself)' }),
      select(
        'operator',
        'balance-scale',
        'Operator',
        (optional ? [['', '(no condition)']] : []).concat(MATCHING),
      ),
      typedInput('value', 'pencil', 'Value', ['str', 'num', 'bool', 'json', 'msg', 'env']),
    ];
  }

  // ---- registration -----------------------------------------------------------------------------

  function flatten(rows) {
    return rows.reduce(function (all, r) {
      return all.concat(r);
    }, []);
  }

  /** Shows each row with a `when` only for its choices, following the controlling selects. */
  function followChoices(rows) {
    var controls = {};
    rows.forEach(function (r) {
      Object.keys(r.when || {}).forEach(function (control) {
        (controls[control] = controls[control] || []).push(r);
      });
    });
    Object.keys(controls).forEach(function (control) {
      $('#node-input-' + control)
        .on('change', function () {
          var choice = $(this).val();
          controls[control].forEach(function (r) {
            $('.status-row-' + r.name).toggle(r.when[control].indexOf(choice) !== -1);
          });
        })
        .trigger('change');
    });
  }

  /** The edit form as Node-RED expects it: a text/html script named after the type. */
  function addTemplate(type, rows) {
    var template = document.createElement('script');
    template.setAttribute('type', 'text/html');
    template.setAttribute('data-template-name', type);
    template.textContent = rows
      .map(function (r) {
        return r.html;
      })
      .join('\n');
    (document.getElementById('red-ui-editor-node-configs') || document.body).appendChild(template);
  }

  /**
   * RED.nodes.registerType for a STATUS node of a family (`source`, `transform`, `logic`, `result`: the
   * palette colour). `build(STATUS.editor)` returns Node-RED's node definition, with `form` (rows, or
   * arrays of rows) instead of a template and oneditprepare. Every STATUS node gets the category
   * STATUS, one input and one output unless it says otherwise, and a name (setting and last row).
   */
  function registerType(type, family, build) {
    var definition = build(window.STATUS.editor);
    var rows = flatten(definition.form).concat(name());
    var nodeDef = Object.assign(
      { category: 'STATUS', color: colors[family], inputs: 1, outputs: 1 },
      definition,
    );
    nodeDef.defaults = Object.assign({ name: { value: '' } }, definition.defaults);
    rows.forEach(function (r) {
      var own = nodeDef.defaults[r.name];
      if (r.choices && own && !own.validate)
        nodeDef.defaults[r.name] = Object.assign({ validate: oneOf(r.choices) }, own);
    });
    delete nodeDef.form;
    nodeDef.oneditprepare = function () {
      rows.forEach(function (r) {
        if (r.prepare) r.prepare();
      });
      followChoices(rows);
    };
    addTemplate(type, rows);
    RED.nodes.registerType(type, nodeDef);
  }

  window.STATUS = window.STATUS || {};
  window.STATUS.editor = {
    operators: { ordering: ORDERING, matching: MATCHING, symbol: symbol },
    registerType: registerType,
    defaults: {
      property: property,
      typed: typed,
      condition: conditionDefaults,
      validateWhen: validateWhen,
      validateWhenText: validateWhenText,
      validateJson: validateJson,
      setting: setting,
    },
    rows: {
      text: text,
      msg: msg,
      typed: typedInput,
      select: select,
      checkbox: checkbox,
      array: array,
      condition: condition,
      output: output,
    },
  };
})();
