# One image recipe for every service; MODULE picks the process role, MAIN_CLASS its entry point.
# Untested here (no Docker engine on the development machines); the embedded default (./run-pipeline) is tested.
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
ARG ONNXRUNTIME_ARTIFACT=onnxruntime
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Donnxruntime.artifact=${ONNXRUNTIME_ARTIFACT} -pl ${MODULE} -am install \
 && mvn -B -q -Donnxruntime.artifact=${ONNXRUNTIME_ARTIFACT} -pl ${MODULE} dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp ${MODULE}/target/${MODULE}-*.jar /out/lib/

FROM ${RUNTIME_IMAGE}
ARG MAIN_CLASS
# libjpeg-turbo for frame decoding (frame.decoder=auto falls back to ImageIO without it); Ubuntu's package name.
RUN apt-get update && apt-get install -y --no-install-recommends libturbojpeg && rm -rf /var/lib/apt/lists/*
ENV MAIN_CLASS=${MAIN_CLASS}
COPY --from=build /out/lib /app/lib
COPY model/reference /app/model
# The launcher's logging config (quiet at INFO) serves every service; modules ship none, so none clash.
COPY launcher/src/main/resources/logback.xml /app/logback.xml
ENV JAVA_OPTS="-Dlogback.configurationFile=/app/logback.xml"
# Two glibc malloc arenas instead of up to 8 per core: with more, native memory (RocksDB, ONNX Runtime) crept up in
# the soak while everything the JVM accounts for stayed flat (README, Soak).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*' $MAIN_CLASS \"$@\"", "--"]
