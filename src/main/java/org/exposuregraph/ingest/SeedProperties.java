package org.exposuregraph.ingest;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled load the seed on a start that finds the graph empty
 * @param files   native documents to load, in order, as Spring resource locations (classpath:, file:)
 */
@ConfigurationProperties("exposuregraph.seed")
public record SeedProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue({"classpath:seed-data/taxonomy.json", "classpath:seed-data/stor-a-file.json"})
                             List<String> files) {
}
