# The Ticketflow image: one image, two roles (worker or api), chosen by the command. The web app is
# built in a stage of its own, the only place its build tools (dev dependencies) are installed; the
# API serves the result from web/dist. The workflow bundle is built once here, so a worker starts
# without bundling (WORKFLOW_BUNDLE).
FROM node:24-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY vite.config.ts ./
COPY api/web/csp-nonce.ts ./api/web/
COPY web ./web
RUN npx vite build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
COPY --from=web /app/web/dist ./web/dist
RUN node --import tsx scripts/bundle-workflows.ts /app/dist/workflow-bundle.js
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
RUN mkdir -p /var/lib/ticketflow && chown node:node /var/lib/ticketflow
USER node
CMD ["node", "--import", "tsx", "api/main.ts"]
