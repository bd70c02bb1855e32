package dunes.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the lab, makes the users' passwords and the lab datacenter's secrets instead of shipping
 * constants: random on first start, kept in a file beside the lab's H2 database (owner-only), so
 * a restart keeps both the printed logins and the builds in progress working.
 */
public class LabCredentials implements EnvironmentPostProcessor, Ordered {

  /** Secret references the README's example request uses; the lab's systems check these values. */
  static final List<String> LAB_SECRETS = List.of(
      "vcenter-admin", "appliance-root", "vco-config", "sso-admin", "vco-db", "ca-enroll", "vsm-admin",
      "change-callback");
  static final List<String> LAB_USERS = List.of("admin", "operator", "approver");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.acceptsProfiles(Profiles.of("lab"))) {
      return;
    }
    Path file = Path.of(environment.getProperty("dunes.lab.credentials-file", "data/lab-credentials.properties"));
    Properties saved = loadOrCreate(file);
    Map<String, Object> properties = new HashMap<>();
    // each half of the admin's login that is not given is the lab's: a password alone keeps the name admin
    if (environment.getProperty("dunes.admin.user") == null) {
      properties.put("dunes.admin.user", "admin");
    }
    if (environment.getProperty("dunes.admin.password") == null) {
      properties.put("dunes.admin.password", saved.getProperty("user.admin"));
    }
    for (String user : LAB_USERS) {
      properties.put("dunes.lab.users." + user, saved.getProperty("user." + user));
    }
    for (String secret : LAB_SECRETS) {
      properties.putIfAbsent("dunes.secrets.values." + secret, saved.getProperty("secret." + secret));
    }
    environment.getPropertySources().addLast(new MapPropertySource("dunes-lab-credentials", properties));
  }

  private static Properties loadOrCreate(Path file) {
    Properties saved = new Properties();
    try {
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          saved.load(in);
        }
      }
      boolean changed = false;
      for (String user : LAB_USERS) {
        changed |= fill(saved, "user." + user);
      }
      for (String secret : LAB_SECRETS) {
        changed |= fill(saved, "secret." + secret);
      }
      if (changed) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
          saved.store(out, "Dunes lab logins and lab secrets (lab profile only; delete to renew)");
        }
      }
      return saved;
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep the lab credentials in " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean fill(Properties saved, String key) {
    if (saved.getProperty(key) != null) {
      return false;
    }
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    saved.setProperty(key, value.toString());
    return true;
  }

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 10;
  }
}
