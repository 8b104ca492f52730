import { el } from './dom.js';

const FIELD_ID = 'contact-email';

/**
 * Before a request for a person the support team may answer: the person's email (optional), so
 * the team can write back after they have left. `done` hears the address, or undefined when the
 * person skips; the form then goes.
 */
export function contactForm(done: (email: string | undefined) => void): HTMLFormElement {
  const input = el('input', { type: 'email', id: FIELD_ID, name: 'email', autocomplete: 'email', maxlength: '200', 'aria-describedby': 'contact-problem' });
  const problem = el('p', { id: 'contact-problem', class: 'sr-only', 'aria-live': 'polite' });
  const skip = el('button', { type: 'button', class: 'secondary' }, 'Skip');
  const form = el(
    'form',
    { class: 'contact', 'aria-label': 'Email for the support team', novalidate: true },
    el('label', { for: FIELD_ID }, 'Your email, so the support team can write to you if you leave (optional)'),
    input,
    problem,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Send to the team'), skip),
  );
  const finish = (email: string | undefined) => {
    form.remove();
    done(email);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const email = input.value.trim();
    if (!email) return finish(undefined);
    if (!input.checkValidity()) {
      problem.className = 'notice';
      problem.textContent = 'That does not look like an email address. Correct it, or skip.';
      input.focus();
      return;
    }
    finish(email);
  });
  skip.addEventListener('click', () => finish(undefined));
  return form;
}
