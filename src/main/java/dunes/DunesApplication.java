package dunes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DunesApplication {

  public static void main(String[] args) {
    SpringApplication.run(DunesApplication.class, args);
  }
}
