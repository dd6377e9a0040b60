// plotly.js with only the trace types the dashboard draws: scatter (in core), bar and choropleth.
// Built by build.sh into dashboard/assets/vendor/plotly-dashboard.min.js, which the app serves;
// dcc.Graph then uses window.Plotly instead of loading the full bundle (a third of the size to parse).
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choropleth')]);

window.Plotly = Plotly;
