import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { I18nProvider } from './i18n';
import { ignoreHeldEnter } from './lib/keys';
import './styles.css';

// One key press, at most one sale: before React or any dialog listens to keys.
ignoreHeldEnter();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
