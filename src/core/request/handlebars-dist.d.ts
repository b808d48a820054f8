// Handlebars' package main (lib/index.js) registers `require` hooks for .hbs files in Node; its
// dist build is the same engine without them, and the one browsers get. Typed like the package.
declare module 'handlebars/dist/cjs/handlebars.js' {
  import Handlebars = require('handlebars');
  export default Handlebars;
}
