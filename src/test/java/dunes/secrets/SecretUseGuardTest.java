package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * {@link SecretStore#resolve} checks no destination: outside the stores and the lab's simulated
 * systems, Dunes's compiled code calls only {@link SecretStore#resolveFor}. Read from the
 * bytecode, so no call escapes by its spelling.
 */
class SecretUseGuardTest {

  private static final String STORE = "dunes/secrets/SecretStore";

  @Test
  void shouldReadSecretsOnlyWithADestinationOutsideTheStoresAndTheLab() throws IOException {
    Path classes = Path.of("target/classes/dunes");
    List<String> unchecked = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String owner = classes.getParent().relativize(file).toString();
        try (InputStream in = Files.newInputStream(file)) {
          new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
              return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String calledOwner, String calledName, String calledDescriptor,
                    boolean isInterface) {
                  if (calledName.equals("resolveFor") && isStore(calledOwner)) {
                    checked.add(owner);
                  }
                  if (calledName.equals("resolve") && isStore(calledOwner)
                      && !owner.startsWith("dunes/lab/") && !owner.startsWith("dunes/secrets/")) {
                    unchecked.add(owner + "." + name);
                  }
                }
              };
            }
          }, ClassReader.SKIP_DEBUG);
        }
      }
    }

    assertThat(checked).as("the adapters read secrets through resolveFor").isNotEmpty();
    assertThat(unchecked).as("calls of SecretStore.resolve, which checks no binding").isEmpty();
  }

  private static boolean isStore(String owner) {
    return owner.equals(STORE) || owner.equals("dunes/secrets/PropertySecretStore")
        || owner.equals("dunes/secrets/Pkcs12SecretStore");
  }
}
