package dunes.reliability;

import dunes.appliance.shell.NodeShellPort;
import dunes.edge.EdgePort;
import dunes.pki.certsrv.CertsrvPort;
import dunes.vsphere.ImportLease;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.steps.CrashPoint;
import dunes.vsphere.steps.VSphereClients;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.aopalliance.intercept.MethodInterceptor;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Real crash points for a Dunes JVM the crash suite kills ({@link CrashSuite}); test sources only,
 * and inert unless {@code dunes.test.kill-at} names points (comma-separated; a name ending in
 * {@code *} matches every point it begins). The first armed point this JVM reaches — right after
 * the external effect, before Dunes records it — prints {@code KILL-POINT <name>} to stdout and
 * parks its thread; any thread that reaches a point after that parks too (printing
 * {@code KILL-POINT-ALSO <name>} if that point was armed), so nothing happens between the line and
 * the suite's SIGKILL. Points not armed print {@code POINT-PASSED <name>}: the catalog.
 * <ul>
 *   <li>{@code vsphere:upload <vm>}: the OVF disks half sent (first progress report of the upload);
 *   <li>{@code vsphere:import lease recorded <vm>}, {@code vsphere:clone started <vm>}: Dunes's own
 *       {@link CrashPoint}s (ImportVApp and CloneVM_Task called and their markers written);
 *   <li>{@code vsphere:power-on <vm>}, {@code vsphere:vapp <name>}, {@code vsphere:remove-vm undo|leftover <build> <vm>}
 *       (the undo's, or an unfinished import's VM removed before importing again),
 *       {@code vsphere:remove-vapp <build> <name>}: after the call returned;
 *   <li>{@code certsrv:submit package-signing|client <CN>}: the CA accepted the CSR, Dunes has not
 *       recorded its request id (both certificates of a build have the cluster's name as CN);
 *   <li>{@code shell:upload <host> <path>} ({@code shell:restore-upload …} in the undo's keystore restore),
 *       {@code shell:move <host> <path>}, {@code shell:restart <host>}: after the SFTP write / rename /
 *       service restart on the node;
 *       {@code shell:restart-poll <host>}: the first status read after a restart this JVM made;
 *   <li>{@code edge:add-pool <name>}, {@code edge:add-virtual-server <name>}, {@code edge:delete-pool <id>},
 *       {@code edge:delete-virtual-server <id>}, {@code edge:put-config}, {@code edge:put-vnic <index>}:
 *       after the manager answered the POST/PUT/DELETE.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("dunes.test.kill-at")
public class CrashKillPoints {

  public static final String PROPERTY = "dunes.test.kill-at";
  public static final String KILL = "KILL-POINT ";
  public static final String ALSO = "KILL-POINT-ALSO ";
  public static final String PASSED = "POINT-PASSED ";

  /** The armed points and whether one was reached in this JVM. */
  static final class Switch {
    private final List<String> armed;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final PrintStream out = System.out;

    Switch(String points) {
      armed = Arrays.stream(points.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    void reached(String point) {
      boolean mine = armed.stream().anyMatch(a -> a.endsWith("*") ? point.startsWith(a.substring(0, a.length() - 1))
          : point.equals(a));
      if (fired.get()) {
        print((mine ? ALSO : PASSED + "(parked) ") + point);
        park();
      }
      if (!mine) {
        print(PASSED + point);
        return;
      }
      print((fired.compareAndSet(false, true) ? KILL : ALSO) + point);
      park();
    }

    private synchronized void print(String line) {
      out.println(line);
      out.flush();
    }

    /** Until the suite's SIGKILL; an interrupt does not end it. */
    private static void park() {
      while (true) {
        LockSupport.park();
      }
    }
  }

  private static final Map<String, Switch> SWITCHES = new ConcurrentHashMap<>();

  private static Switch of(Environment environment) {
    return SWITCHES.computeIfAbsent(environment.getProperty(PROPERTY, ""), Switch::new);
  }

  @Bean
  CrashPoint killPointInDunes(Environment environment) {
    Switch kill = of(environment);
    return point -> kill.reached("vsphere:" + point);
  }

  @Bean
  static BeanPostProcessor killPointPorts() {
    return new Ports();
  }

  /** Wraps the ports (and the vSphere adapters the steps obtain) so their calls pass the points. */
  static final class Ports implements BeanPostProcessor, EnvironmentAware {
    private Switch kill;
    /** Hosts this JVM restarted vco-server on, whose next status read is the restart's poll. */
    private final Set<String> restarted = ConcurrentHashMap.newKeySet();

    @Override
    public void setEnvironment(Environment environment) {
      kill = of(environment);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
      if (bean instanceof CertsrvPort ca) {
        return proxy(CertsrvPort.class, ca, (method, args, result) -> method.equals("submit")
            ? "certsrv:submit " + certificate() + " " + commonName((String) args[1]) : null);
      }
      if (bean instanceof NodeShellPort shell) {
        return proxy(NodeShellPort.class, shell, this::shellPoint);
      }
      if (bean instanceof EdgePort edge) {
        return proxy(EdgePort.class, edge, Ports::edgePoint);
      }
      if (bean instanceof VSphereClients clients) {
        ProxyFactory factory = new ProxyFactory(clients);
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) call -> {
          Object result = call.proceed();
          return result instanceof VSpherePort port ? vsphere(port) : result;
        });
        return factory.getProxy();
      }
      return bean;
    }

    private String shellPoint(String method, Object[] args, Object result) {
      String host = args == null || args.length == 0 || !(args[0] instanceof NodeShellPort.Target t) ? "?" : t.host();
      return switch (method) {
        case "upload" -> caller("dunes.pki.steps.RestoreKeystoreStep", "shell:restore-upload ", "shell:upload ")
            + host + " " + args[1];
        case "move" -> "shell:move " + host + " " + args[2];
        case "restartService" -> {
          restarted.add(host);
          yield "shell:restart " + host;
        }
        case "serviceStatus" -> restarted.remove(host) ? "shell:restart-poll " + host : null;
        default -> null;
      };
    }

    private static String edgePoint(String method, Object[] args, Object result) {
      return switch (method) {
        case "addPool" -> "edge:add-pool " + ((dunes.edge.xml.Pool) args[1]).name;
        case "addVirtualServer" -> "edge:add-virtual-server " + ((dunes.edge.xml.VirtualServer) args[1]).name;
        case "deletePool" -> "edge:delete-pool " + args[1];
        case "deleteVirtualServer" -> "edge:delete-virtual-server " + args[1];
        case "putConfigXml" -> "edge:put-config";
        case "putVnicXml" -> "edge:put-vnic " + args[1];
        default -> null;
      };
    }

    private VSpherePort vsphere(VSpherePort port) {
      return (VSpherePort) Proxy.newProxyInstance(VSpherePort.class.getClassLoader(),
          ClassUtils.getAllInterfaces(port), (self, method, args) -> {
            Object[] call = args;
            if (method.getName().equals("finishOvfImport")) { // the point is inside the upload
              call = args.clone();
              IntConsumer progress = (IntConsumer) args[2];
              String vm = ((ImportLease) args[0]).vmName();
              AtomicBoolean once = new AtomicBoolean();
              call[2] = (IntConsumer) percent -> {
                progress.accept(percent);
                if (percent > 0 && percent < 100 && once.compareAndSet(false, true)) {
                  kill.reached("vsphere:upload " + vm);
                }
              };
            }
            Object result = invoke(method, port, call);
            String point = switch (method.getName()) {
              case "startPowerOn" -> "vsphere:power-on " + args[0];
              case "ensureVApp" -> "vsphere:vapp " + args[1];
              case "startRemoveVm" -> "vsphere:remove-vm " + caller("dunes.vsphere.steps.RemoveVmStep", "undo", "leftover")
                  + " " + args[1] + " " + args[0];
              case "startRemoveVApp" -> "vsphere:remove-vapp " + args[2] + " " + args[1];
              default -> null;
            };
            if (point != null) {
              kill.reached(point);
            }
            return result;
          });
    }

    private interface Point {
      String of(String method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target, Point point) {
      InvocationHandler handler = (self, method, args) -> {
        Object result = invoke(method, target, args);
        String at = point.of(method.getName(), args, result);
        if (at != null) {
          kill.reached(at);
        }
        return result;
      };
      // every interface of the target, so Spring still finds its close() at shutdown
      return (T) Proxy.newProxyInstance(type.getClassLoader(), ClassUtils.getAllInterfaces(target), handler);
    }
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Which of a build's two certificates the submitting step is for. */
  private static String certificate() {
    return caller("dunes.pki.steps.SubmitPackageSigningRequestStep", "package-signing", "client");
  }

  /** {@code yes} when {@code type} is on the calling thread's stack, else {@code no}. */
  private static String caller(String type, String yes, String no) {
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().equals(type))) ? yes : no;
  }

  /** The CSR's subject CN: which certificate a submission was for. */
  static String commonName(String csrPem) {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
      return Arrays.stream(csr.getSubject().getRDNs(BCStyle.CN))
          .map(rdn -> IETFUtils.valueToString(rdn.getFirst().getValue())).collect(Collectors.joining("+"));
    } catch (Exception e) {
      return "?";
    }
  }
}
