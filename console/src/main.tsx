/** Entry point: reads config.json, connects the SDK, renders the console. */
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { connect, loadConfig } from './api';
import { App } from './app';
import { startPolling } from './live';

const root = document.getElementById('app')!;
loadConfig().then(
  (config) => {
    connect(config);
    render(<App live={startPolling()} />, root);
  },
  (error: unknown) => {
    root.textContent = `Hydrant console: ${error instanceof Error ? error.message : String(error)}`;
  },
);
