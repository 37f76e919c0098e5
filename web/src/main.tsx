// Entry point of the web app (Vite builds it from web/index.html): the page load's early requests go
// out first (boot/early.ts), then the app starts (root.tsx), whose code the page already downloads
// (a modulepreload link, vite.config.ts) while they are under way.
import { sendEarly } from './boot/early';
import './styles.css';

void sendEarly().then(() => import('./root'));
