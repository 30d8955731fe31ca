# ExposureGraph as a container image (docs/operations.md). Not built in CI: no image registry is reachable there.
#   docker build -t exposure-graph .   then   docker compose up   (compose.yaml: the app with an external Neo4j)

# Build with the Maven wrapper, then split the jar into Spring Boot's layers (dependencies change rarely,
# the application often: a rebuild after a code change re-ships only the last layer).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY cypher/ cypher/
COPY seed-data/ seed-data/
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/exposure-graph.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
# A user of its own, no shell login, no root: the process can write only its data folder.
RUN groupadd --system --gid 10001 exposuregraph \
 && useradd --system --uid 10001 --gid exposuregraph --no-create-home --shell /usr/sbin/nologin exposuregraph \
 && mkdir -p /data && chown exposuregraph:exposuregraph /data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER exposuregraph
# The embedded database (when spring.neo4j.uri is unset) keeps its store here.
VOLUME /data
ENV EXPOSUREGRAPH_DATA_DIR=/data
# The launcher does not read the jar manifest's Add-Opens (java -jar does): the embedded Neo4j needs them.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
