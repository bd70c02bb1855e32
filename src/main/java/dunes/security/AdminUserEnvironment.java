package dunes.security;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The engine's admin comes from {@code dunes.admin.user} and {@code dunes.admin.password}
 * (environment: DUNES_ADMIN_USER, DUNES_ADMIN_PASSWORD). There is no default: without them the
 * application refuses to start, rather than come up with a guessable admin. The lab profile
 * generates them before this runs.
 */
public class AdminUserEnvironment implements EnvironmentPostProcessor, Ordered {

  static final String MISSING = "no engine admin configured: set DUNES_ADMIN_USER and DUNES_ADMIN_PASSWORD"
      + " (or dunes.admin.user / dunes.admin.password); only the lab profile makes its own";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String user = environment.getProperty("dunes.admin.user");
    String password = environment.getProperty("dunes.admin.password");
    if (user == null || user.isBlank() || password == null || password.isBlank()) {
      throw new IllegalStateException(MISSING);
    }
    Map<String, Object> admin = new HashMap<>();
    admin.put("camunda.bpm.admin-user.id", user);
    admin.put("camunda.bpm.admin-user.password", password);
    environment.getPropertySources().addFirst(new MapPropertySource("dunes-admin-user", admin));
  }

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 20;
  }
}
