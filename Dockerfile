# syntax=docker/dockerfile:1
# Multi-stage build of the single civicdesk binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Stamped into "civicdesk version":
#   docker build --build-arg VERSION=v0.3.0 --build-arg COMMIT=$(git rev-parse HEAD) \
#     --build-arg BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) .
ARG VERSION=dev
ARG COMMIT=unknown
ARG BUILD_DATE=unknown
# The embedded database's SQLite driver is pure Go, so the binary is static.
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.buildDate=${BUILD_DATE}" \
      -o /out/civicdesk ./cmd/civicdesk \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="civicdesk" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.source="https://github.com/civicdesk/civicdesk"
COPY --from=build /out/civicdesk /civicdesk
# The image has no shell: create the data folder owned by the nonroot user here.
COPY --from=build --chown=65532:65532 /out/data /var/lib/civicdesk/data
WORKDIR /var/lib/civicdesk
# The embedded database keeps its files here when MONGODB_URI is not set.
VOLUME ["/var/lib/civicdesk"]
ENV CIVICDESK_DATA_DIR=/var/lib/civicdesk/data \
    CIVICDESK_ADDR=:8080
EXPOSE 8080
USER nonroot:nonroot
# No shell or curl in the image: the binary checks its own /readyz (the port
# of CIVICDESK_ADDR on the loopback interface).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/civicdesk", "healthcheck", "--quiet"]
ENTRYPOINT ["/civicdesk"]
CMD ["serve"]
