import '../support/dom.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, screen, cleanup } from '@testing-library/react';
import { VerdictPill } from '../../src/components/verdict-pill.js';

test('renders', () => {
  render(<VerdictPill label="FALSE" />);
  assert.equal(screen.getByText('거짓').getAttribute('data-label'), 'FALSE');
  cleanup();
});
