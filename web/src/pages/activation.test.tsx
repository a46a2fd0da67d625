// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ActivationPage } from './activation';

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
const type = (id: string, v: string) => act(() => {
  const el = byId(id);
  el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
});

afterEach(() => { render(null, document.body); vi.unstubAllGlobals(); });

describe('activation form', () => {
  it('shows the password rules live and enables Activate only when everything is valid', async () => {
    act(() => render(<ActivationPage onDone={() => undefined} />, document.body));
    expect(byId('activate').disabled).toBe(true);
    type('password', 'abcdefgh');
    expect(byId('rule-length').dataset.ok).toBe('true');
    expect(byId('rule-types').dataset.ok).toBe('false');
    type('password', 'abcd1234');
    type('confirm', 'abcd1234');
    expect(byId('rule-types').dataset.ok).toBe('true');
    expect(byId('rule-match').dataset.ok).toBe('true');
    expect(byId('activate').disabled).toBe(true); // answers still missing
    for (let i = 0; i < 3; ++i) type(`answer-${i}`, `a${i}`);
    expect(byId('activate').disabled).toBe(false);
  });

  it('posts the password, three questions and privacy settings', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const done = vi.fn();
    act(() => render(<ActivationPage onDone={done} />, document.body));
    type('password', 'Passw0rd!');
    type('confirm', 'Passw0rd!');
    for (let i = 0; i < 3; ++i) type(`answer-${i}`, `a${i}`);
    await act(async () => { byId('activate').click(); });
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/activate');
    const body = JSON.parse(String(init.body));
    expect(body.password).toBe('Passw0rd!');
    expect(body.security_questions).toHaveLength(3);
    expect(new Set(body.security_questions.map((q: { question: string }) => q.question)).size).toBe(3);
    expect(body.privacy).toEqual({ scene_preview: 'video', image_type: 'monochrome', resolution: 'low' });
  });
});

describe('security questions', async () => {
  const { checkQuestions } = await import('../components/security_questions');
  it('need three different questions and every answer', () => {
    expect(checkQuestions([{ question: 'a', answer: '1' }, { question: 'b', answer: '2' }, { question: 'c', answer: '3' }])).toBeNull();
    expect(checkQuestions([{ question: 'a', answer: '1' }, { question: 'a', answer: '2' }, { question: 'c', answer: '3' }])).toBe('Choose three different questions');
    expect(checkQuestions([{ question: 'a', answer: '1' }, { question: 'b', answer: ' ' }, { question: 'c', answer: '3' }])).toBe('Every answer is required');
  });
});
