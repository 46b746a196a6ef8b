# keyhound in a container: the distribution (dist/, no Maven at run time) on a JRE 17, as a non-root user.
#   docker build -t keyhound .
#   docker run --rm -v "$PWD:/src:ro" keyhound scan /src
# Build stage: the same `mvn package` that produces dist/target/keyhound-VERSION.tar.gz.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package && mkdir /dist && tar xzf dist/target/keyhound-*.tar.gz -C /dist \
    && mv /dist/keyhound-* /dist/keyhound

FROM eclipse-temurin:17-jre
# git: scans of repositories use it for a few plumbing commands; ca-certificates for HTTPS clones and APIs.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/keyhound keyhound
COPY --from=build /dist/keyhound /opt/keyhound
RUN ln -s /opt/keyhound/bin/keyhound /usr/local/bin/keyhound
# State (the ledger key, a local ledger) lives outside the image.
ENV KEYHOUND_HOME=/var/lib/keyhound \
    XDG_CACHE_HOME=/home/keyhound/.cache
RUN mkdir -p /var/lib/keyhound && chown keyhound:keyhound /var/lib/keyhound
# scan's class-data archive, recorded now, during the launcher's first run (a scan of an empty folder; by default
# the launcher would record it in the background after the run, which the build step would not wait for), into a
# folder the image's user reads and cannot write: a container's scans map it, where one that recorded its own
# would lose it with the container (README, "Which java").
ENV KEYHOUND_CACHE_DIR=/opt/keyhound/cache
RUN mkdir -p /tmp/empty && KEYHOUND_ARCHIVE=now keyhound scan --no-git --quiet /tmp/empty && rmdir /tmp/empty \
    && ls /opt/keyhound/cache/*-scan.jsa
USER 10001:10001
WORKDIR /home/keyhound
ENTRYPOINT ["keyhound"]
CMD ["--help"]
