package barecamunda;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The start-up baseline of {@code dunes.bench.StartupBenchmark}: Camunda's Spring Boot starters
 * (webapp + REST) on H2 in memory and nothing else. It scans only this package, reads only
 * {@code bare-camunda.yaml} and runs on a class path without Dunes's own classes, so no Dunes bean,
 * property or environment post-processor takes part. Outside {@code dunes}, so that Dunes's own
 * component scan (its test contexts) does not find this application either.
 */
@SpringBootApplication
public class BareCamundaApplication {

  public static void main(String[] args) {
    SpringApplication.run(BareCamundaApplication.class, args);
  }
}
