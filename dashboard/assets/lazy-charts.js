// Charts are drawn when they come into view: a page first draws the charts in the window, and a chart
// below the fold is drawn once the analyst scrolls and it comes within NEAR px of the window (the way
// Superset and Grafana load a dashboard's charts), so a page is usable as soon as what is on the screen is
// drawn and no off-screen drawing holds up the first click; before printing, every chart is drawn.
//
// dcc.Graph draws with window.Plotly.react; this wraps it (and Plots.resize and purge, which dcc.Graph
// calls on a graph that may not be drawn yet). A graph's first drawing, when the graph lies outside the
// window (after a scroll: farther than NEAR px from it), waits; the promise dcc.Graph holds resolves when
// it is drawn.
// A newer figure for a waiting graph replaces the one it waited with. Charts in exported images and
// decks are drawn by the server, not here. `window.dashboardCharts.drawAll()` draws every waiting chart.
//
// No chart is drawn before the app's font (Sarabun, Thai and Latin) has loaded: plotly measures its
// labels once, when it draws, and labels measured in a fallback font sit wrong in the font that follows
// (and the margins made for them on the server, figures/theme.fitted, would not match).
(function () {
  'use strict';
  var NEAR = 200;
  var waiting = new Map(); // graph div -> {args, resolve: [], reject: []}
  var observer = null; // a waiting chart within NEAR px of the window (drawn after the first scroll)
  var seen = null; // a waiting chart in the window itself (drawn at once: a layout shift can bring it in)
  var plotly = null;
  var react = null;
  var fonts = null; // resolves when the app's font faces have loaded (or failed: drawn anyway)
  var fontsLoaded = false;

  function node(gd) {
    return typeof gd === 'string' ? document.getElementById(gd) : gd;
  }

  var scrolled = false; // until the first scroll, only the window itself counts as near

  // A graph with no box (hidden, or inside something hidden, as the SQL page's chart before a result) is as
  // far as can be: drawn when it is shown (the observers see it come into the window), not drawn unseen and
  // then laid out again by plotly 0.1 s later.
  function far(gd) {
    if (!gd.getClientRects().length) { return true; }
    var box = gd.getBoundingClientRect(), margin = scrolled ? NEAR : 0;
    var height = window.innerHeight || document.documentElement.clientHeight;
    return box.top > height + margin || box.bottom < -margin;
  }

  function drawNear() {
    Array.from(waiting.keys()).forEach(function (gd) {
      if (!far(gd)) { setTimeout(function () { draw(gd); }, 0); } // a task each, as the observer does
    });
  }

  // Is a drawn chart already the size its box gives it? dcc.Graph asks plotly to fit a responsive chart to
  // its box twice as it mounts, just after the first drawing; plotly waits 100 ms, then lays the chart out
  // again (a relayout, the page changing 0.1-0.2 s after it was drawn) even when nothing has moved. A chart
  // whose box has the size it was drawn at (within plotly's own 1 px) is left alone; any other (a window
  // resized, a scroll bar come or gone) goes to plotly as before.
  function fits(el) {
    var full = el && el._fullLayout, own = (el && el.layout) || {};
    if (!full || !el.isConnected) { return false; }
    var style = window.getComputedStyle(el);
    var width = parseFloat(style.width), height = parseFloat(style.height);
    if (!(width > 0) || !(height > 0)) { return false; } // hidden: plotly says what to do
    return Boolean((own.width || Math.abs(full.width - width) <= 1) &&
                   (own.height || Math.abs(full.height - height) <= 1));
  }

  function forget(gd) {
    waiting.delete(gd);
    observer.unobserve(gd);
    seen.unobserve(gd);
  }

  function draw(gd) {
    var job = waiting.get(gd);
    if (!job) { return; }
    forget(gd);
    var drawn;
    try {
      drawn = Promise.resolve(react.apply(plotly, job.args));
    } catch (e) {
      drawn = Promise.reject(e);
    }
    drawn.then(function (v) { job.resolve.forEach(function (f) { f(v); }); },
               function (e) { job.reject.forEach(function (f) { f(e); }); });
  }

  function drawAll() {
    Array.from(waiting.keys()).forEach(draw);
  }

  function install() {
    var P = window.Plotly;
    if (!P || P.__drawnWhenSeen || typeof IntersectionObserver === 'undefined') { return; }
    plotly = P;
    react = P.react;
    fonts = document.fonts
      ? Promise.all(['\u0e01', 'A'].map(function (c) { return document.fonts.load('400 13px Sarabun', c); }))
          .catch(function () {})
      : Promise.resolve();
    fonts = fonts.then(function () { fontsLoaded = true; });
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        // each chart in a task of its own, so a scroll past several is never one long task
        if (entry.isIntersecting && !far(entry.target)) { setTimeout(function () { draw(entry.target); }, 0); }
      });
    }, {rootMargin: NEAR + 'px 0px'});
    seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { setTimeout(function () { draw(entry.target); }, 0); }
      });
    });
    P.react = function (gd) {
      if (!fontsLoaded) {
        var again = Array.prototype.slice.call(arguments);
        return fonts.then(function () { return P.react.apply(P, again); });
      }
      var el = node(gd);
      if (!el || el._fullLayout || !el.isConnected || !far(el)) {
        if (el && waiting.has(el)) { forget(el); }
        return react.apply(this, arguments);
      }
      var args = Array.prototype.slice.call(arguments);
      args[0] = el;
      return new Promise(function (resolve, reject) {
        var job = waiting.get(el) || {resolve: [], reject: []};
        job.args = args;
        job.resolve.push(resolve);
        job.reject.push(reject);
        waiting.set(el, job);
        observer.observe(el);
        seen.observe(el);
        waiting.forEach(function (job, gd) { // charts of a page left behind: nothing to draw them into
          if (!gd.isConnected) { forget(gd); }
        });
      });
    };
    var resize = P.Plots.resize;
    P.Plots.resize = function (gd) {
      var el = node(gd);
      return waiting.has(el) || fits(el) ? Promise.resolve(el) : resize.apply(this, arguments);
    };
    var purge = P.purge;
    P.purge = function (gd) {
      var el = node(gd);
      if (waiting.has(el)) { forget(el); }
      return purge.apply(this, arguments);
    };
    P.__drawnWhenSeen = true;
    window.addEventListener('beforeprint', drawAll);
    window.addEventListener('scroll', function () { scrolled = true; drawNear(); }, {once: true, passive: true});
    window.addEventListener('resize', drawNear, {passive: true}); // a taller window can bring a chart into it
    window.dashboardCharts.drawAll = drawAll;
    window.dashboardCharts.waiting = function () { return waiting.size; };
  }

  // A page sent without plotly.js installs this when plotly.js arrives (the app's /_plotly-locale-th.js).
  window.dashboardCharts = {install: install};

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', install);
  } else {
    install();
  }
})();
