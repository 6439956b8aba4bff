import '../support/dom.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, test } from 'node:test';
import { cleanup, render } from '@testing-library/react';
import { VERDICT_LABELS } from '@olala/contract/truth';
import { VERDICT_CHIP_TEXT, VERDICT_COLOURS, VERDICT_NAMES } from '@olala/contract/verdicts';
import { VerdictPill } from '../../src/components/verdict-pill.js';
import { applyVerdictColours, VERDICTS, verdictColourCss } from '../../src/lib/verdict.js';

afterEach(cleanup);

test("the app's verdict names and colours are the contract's", () => {
  for (const label of VERDICT_LABELS) {
    assert.equal(VERDICTS[label].text, VERDICT_NAMES[label]);
    assert.equal(VERDICTS[label].colour, VERDICT_COLOURS[label].light);
    const { container } = render(<VerdictPill label={label} />);
    assert.equal(container.textContent, VERDICT_NAMES[label]);
    cleanup();
  }
});

test("the stylesheet's verdict variables come from the contract, for both themes, and app.css defines none", () => {
  const css = verdictColourCss();
  const [light, dark] = css.split('\n');
  assert.match(light!, /^:root \{/);
  assert.match(dark!, /^:root\[data-theme='dark'\] \{/);
  for (const label of VERDICT_LABELS) {
    assert.ok(light!.includes(`--${label.toLowerCase()}: ${VERDICT_COLOURS[label].light};`), label);
    assert.ok(dark!.includes(`--${label.toLowerCase()}: ${VERDICT_COLOURS[label].dark};`), label);
  }
  assert.ok(light!.includes(`--on-verdict: ${VERDICT_CHIP_TEXT.light};`));
  assert.ok(dark!.includes(`--on-verdict: ${VERDICT_CHIP_TEXT.dark};`));

  applyVerdictColours();
  applyVerdictColours();
  const styles = document.head.querySelectorAll('style#verdict-colours');
  assert.equal(styles.length, 1, 'applied once, however often it is called');
  assert.equal(styles[0]!.textContent, css);

  const appCss = fs.readFileSync(new URL('../../src/app/app.css', import.meta.url), 'utf8');
  assert.doesNotMatch(appCss, /--(true|false|mixed|unverified|refused|on-verdict)\s*:/, 'one definition: the contract');
  assert.match(appCss, /\.pill \{[^}]*color: var\(--on-verdict\)/);
});
