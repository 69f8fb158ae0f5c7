// Words of the home page (namespace `home`): the compliance overview.
import type { FeatureMessages } from '../../../i18n';

export const messages = {
  en: {
    title: 'Compliance overview',
    intro: 'How your catalogs are doing, which controls fail, and what was computed last.',
    catalogs: {
      title: 'Catalogs',
      empty: 'No catalogs yet.',
      create: 'Create a catalog',
      controls_one: '{{count}} control',
      controls_other: '{{count}} controls',
      all: 'All catalogs',
    },
    failing: {
      title: 'Failing controls',
      empty: 'No control is failing right now.',
      since: 'failed {{when}}',
    },
    latest: {
      title: 'Latest computations',
      empty: 'Nothing has been computed yet. Run a control to see its result here.',
      control: 'Control',
      result: 'Result',
      when: 'When',
      evidences: 'Evidences',
      unknownControl: 'Control {{id}}',
    },
    stats: {
      catalogs: 'Catalogs',
      controls: 'Controls',
      passing: 'Passing',
      failing: 'Failing',
      compliance: 'Overall compliance',
    },
    passed: 'Passed',
    failed: 'Failed',
    unknown: 'Unknown',
    windowNote: 'Based on the latest {{count}} computations.',
  },
  es: {
    title: 'Resumen de cumplimiento',
    intro: 'Cómo van tus catálogos, qué controles fallan y qué se calculó por último.',
    catalogs: {
      title: 'Catálogos',
      empty: 'Aún no hay catálogos.',
      create: 'Crear un catálogo',
      controls_one: '{{count}} control',
      controls_other: '{{count}} controles',
      all: 'Todos los catálogos',
    },
    failing: {
      title: 'Controles que fallan',
      empty: 'Ningún control falla ahora mismo.',
      since: 'falló {{when}}',
    },
    latest: {
      title: 'Últimos cálculos',
      empty: 'Aún no se ha calculado nada. Ejecuta un control para ver aquí su resultado.',
      control: 'Control',
      result: 'Resultado',
      when: 'Cuándo',
      evidences: 'Evidencias',
      unknownControl: 'Control {{id}}',
    },
    stats: {
      catalogs: 'Catálogos',
      controls: 'Controles',
      passing: 'Cumplen',
      failing: 'No cumplen',
      compliance: 'Cumplimiento global',
    },
    passed: 'Cumple',
    failed: 'No cumple',
    unknown: 'Desconocido',
    windowNote: 'Según los últimos {{count}} cálculos.',
  },
} satisfies FeatureMessages;
