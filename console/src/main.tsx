/** Entry point: reads config.json, connects the SDK and the live feed, renders the console. */
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { connect, hydrant, loadConfig } from './api';
import { App } from './app';
import { startLiveSocket, startPolling } from './live';

const root = document.getElementById('app')!;
loadConfig().then(
  (config) => {
    connect(config);
    // Live updates over the WebSocket API when config.json names it; polling alone otherwise.
    const live = config.liveUrl ? startLiveSocket({ url: config.liveUrl, token: () => hydrant().session.accessToken() }) : startPolling();
    render(<App live={live} />, root);
  },
  (error: unknown) => {
    root.textContent = `Hydrant console: ${error instanceof Error ? error.message : String(error)}`;
  },
);
