# lptf as an image: the single-file build (npm run bundle) on the stock Node image, with `lptf`
# on the PATH. For lptf k8s: --image <this image> --lptf lptf (see the README, "On Kubernetes").
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm run bundle

FROM node:24-slim
# The bundle is unpacked here at build time, so a read-only root filesystem is fine at run time.
ENV LPTF_CACHE_DIR=/opt/lptf/cache
COPY --from=build /src/dist/lptf.mjs /opt/lptf/lptf.mjs
RUN printf '#!/bin/sh\nexec node /opt/lptf/lptf.mjs "$@"\n' > /usr/local/bin/lptf \
  && chmod +x /usr/local/bin/lptf \
  && lptf --version
USER node
WORKDIR /home/node
ENTRYPOINT ["lptf"]
CMD ["--help"]
