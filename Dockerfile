# The ledger as a container: a static binary on a distroless base, run as a
# non-root user, with the embedded store in /data (a volume).
#
#   docker build -t latsar .
#   docker run -p 8080:8080 -v latsar-data:/data latsar
#
# The first start prints an admin token once (also kept in /data/admin-token).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/latsar ./cmd/latsar \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/latsar /latsar
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV LATSAR_ADDR=0.0.0.0:8080 LATSAR_DATA=/data LATSAR_LOG_FORMAT=json
EXPOSE 8080
VOLUME ["/data"]
USER nonroot:nonroot
ENTRYPOINT ["/latsar"]
CMD ["serve"]
