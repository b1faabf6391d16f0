import type { Phrases } from './types.ts';

export const pl: Phrases = {
  subject: (title) => `„${title}”: co wydarzyło się potem`,
  hello: 'Dzień dobry,',
  intro: (workshops, service) =>
    `Ta wiadomość trafia do osób, które wzięły udział w: ${workshops} i poprosiły o informację, co wydarzyło się potem. Oto działania podjęte przez: ${service} w odpowiedzi na to, co powiedzieli ludzie.`,
  decision: {
    adopted: 'Przyjęto',
    partly_adopted: 'Przyjęto częściowo',
    not_adopted: 'Nie przyjęto',
    considering: 'Nadal rozważane',
  },
  why: 'Dlaczego',
  decidedBy: (who, when) => `Decyzja: ${who}, ${when}.`,
  nothingYet: 'Nie zapisano jeszcze żadnych decyzji.',
  readMore: 'Całość, wraz z tym, co powiedzieli ludzie, można przeczytać tutaj:',
  goodbye:
    'To jedyna wiadomość, jaką otrzymasz w tej sprawie. Twój adres e-mail zostanie usunięty zaraz po jej wysłaniu.',
  locale: 'pl-PL',
};
