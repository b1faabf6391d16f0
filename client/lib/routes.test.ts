import { describe, expect, it } from 'vitest';
import { feedbackPath } from '../../shared/protocol/feedback.ts';
import { pagePatterns, pages } from './routes.ts';

describe('page addresses', () => {
  it('fills each pattern with its values, escaped', () => {
    expect(pages.workshopConsole('w1')).toBe('/workshops/w1');
    expect(pages.editWorkshop('w1')).toBe('/workshops/w1/edit');
    expect(pages.printBallot('w1', 'a2')).toBe('/print/vote/w1/a2');
    expect(pages.record('r 1/2')).toBe('/records/r%201%2F2');
    expect(pages.join('ace-479')).toBe('/j/ace-479');
    expect(pages.screen('ace-479')).toBe('/screen/ace-479');
  });

  it('adds a query only when there is one', () => {
    expect(pages.records()).toBe('/records');
    expect(pages.records('')).toBe('/records');
    expect(pages.records('q=park&level=consult')).toBe('/records?q=park&level=consult');
    expect(pages.calendar('service=Parks')).toBe('/calendar?service=Parks');
    expect(pages.login()).toBe('/login');
    expect(pages.login('/records?q=a b')).toBe('/login?next=%2Frecords%3Fq%3Da%20b');
  });

  it('gives the same "You said, we did" link as the server', () => {
    for (const id of ['abc123', 'a b/c']) expect(pages.feedback(id)).toBe(feedbackPath(id));
  });

  it('has a builder for every page the router knows', () => {
    const built = new Set(Object.keys(pages));
    // Invitations and password resets are only ever opened from an emailed link.
    const fromEmailsOnly = new Set(['invite', 'reset']);
    for (const name of Object.keys(pagePatterns)) {
      if (!fromEmailsOnly.has(name)) expect(built).toContain(name);
    }
  });
});
