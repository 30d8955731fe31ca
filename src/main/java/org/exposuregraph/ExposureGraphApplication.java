package org.exposuregraph;

import org.exposuregraph.ingest.ImportCommand;
import org.exposuregraph.ingest.InventoryGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ExposureGraphApplication {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(ImportCommand.NAME)) {
            System.exit(ImportCommand.run(ExposureGraphApplication.class, args));
        }
        if (args.length > 0 && args[0].equals(InventoryGenerator.NAME)) {
            System.exit(InventoryGenerator.run(args));
        }
        SpringApplication.run(ExposureGraphApplication.class, args);
    }
}
