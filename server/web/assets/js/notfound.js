// The page for unknown addresses: in the visitor's language, with a way back.
import { initI18n } from './i18n.js';

initI18n();
document.getElementById('nf-path').textContent = location.pathname;
document.body.dataset.ready = 'true';
