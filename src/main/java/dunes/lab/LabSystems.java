package dunes.lab;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;

/**
 * {@code dunes.lab.systems}: {@code in-process} (the default) starts the lab's systems in this
 * process; {@code external} leaves them to a lab started alone ({@link LabMain}), and this process
 * keeps only what Dunes itself needs of the lab: its names, logins and secrets, and the SQL Server
 * stand-in (no TDS is simulated, so it cannot live elsewhere).
 */
public final class LabSystems {

  public static final String PROPERTY = "dunes.lab.systems";

  private LabSystems() {}

  public static boolean inProcess(Environment environment) {
    return !"external".equals(environment.getProperty(PROPERTY, "in-process"));
  }

  /** On a configuration of lab systems: only where the lab runs them. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target({java.lang.annotation.ElementType.TYPE, java.lang.annotation.ElementType.METHOD})
  @ConditionalOnProperty(name = PROPERTY, havingValue = "in-process", matchIfMissing = true)
  public @interface InProcess {}
}
