package org.exposuregraph;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ExposureGraphApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExposureGraphApplication.class, args);
    }
}
