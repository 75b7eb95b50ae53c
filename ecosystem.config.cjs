/**
 * pm2 process file for the runbook's `pm2 restart glowglitch-app` (and `pm2 reload` for zero
 * downtime). Start with `pm2 start ecosystem.config.cjs --env production` after `npm ci && npm run build`.
 *
 * Several instances (cluster mode) need MongoDB (MONGODB_URI, a replica set): the embedded store
 * is single-process, so without MONGODB_URI keep `instances: 1`. Rate limits are shared across
 * instances through REDIS_URL or Upstash; live replies through MongoDB change streams.
 */
module.exports = {
  apps: [
    {
      name: "glowglitch-app",
      script: "build/server/main.js",
      // As `npm start`: a larger young generation (see README, decision log 2026-12-05).
      node_args: ["--max-semi-space-size=32"],
      cwd: __dirname,
      instances: process.env.WEB_CONCURRENCY ?? (process.env.MONGODB_URI ? "max" : 1),
      exec_mode: "cluster",
      // SIGTERM → the app stops accepting, finishes requests and closes streams (≤ 10 s), then exits.
      kill_timeout: 15_000,
      listen_timeout: 30_000,
      max_memory_restart: "1G",
      env_production: {
        NODE_ENV: "production",
        PORT: 3000,
      },
      out_file: "/var/log/glowglitch/app.log",
      error_file: "/var/log/glowglitch/app.log",
      merge_logs: true,
      time: false,
    },
  ],
};
