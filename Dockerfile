# The Ticketflow image: one image, two roles (worker or api), chosen by the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p /var/lib/ticketflow && chown node:node /var/lib/ticketflow
USER node
CMD ["node", "--import", "tsx", "api/main.ts"]
