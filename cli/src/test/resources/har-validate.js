// Validates HAR files with the npm package har-validator (the HAR 1.2 schema HAR viewers use, with JSON Schema
// formats such as "uri" checked). Usage: node har-validate.js FILE...; exit 1 when any is invalid.
const validate = require('har-validator');
const fs = require('fs');
let failed = 0;
(async () => {
  for (const f of process.argv.slice(2)) {
    try {
      await validate.har(JSON.parse(fs.readFileSync(f, 'utf8')));
      console.log('valid ' + f);
    } catch (e) {
      failed++;
      console.log('INVALID ' + f + ': ' + JSON.stringify(e.errors || e.message));
    }
  }
  process.exit(failed ? 1 : 0);
})();
