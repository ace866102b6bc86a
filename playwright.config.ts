import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright cannot download its own browsers here.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
	testDir: 'tests/e2e',
	workers: 1,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	outputDir: 'test-results/e2e',
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		browserName: 'chromium',
		viewport: { width: 1600, height: 900 },
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		}
	}
});
