package org.exposuregraph.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.exposuregraph.ExposureGraphApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Starts the application as a user would (command-line settings over application.yaml), on free ports. */
public final class StandaloneApp {

    private StandaloneApp() {
    }

    @SafeVarargs
    public static ConfigurableApplicationContext start(Map<String, Object> settings,
                                                       ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("server.port", 0, "exposuregraph.embedded.bolt-port", 0));
        all.putAll(settings);
        return new SpringApplicationBuilder(ExposureGraphApplication.class)
                .initializers(initializers)
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    public static HttpGraphQlTester graphQl(ConfigurableApplicationContext context, String apiKey) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HttpGraphQlTester.create(TestClients.withKey(Integer.parseInt(port), "/graphql", apiKey));
    }
}
