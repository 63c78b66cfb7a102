package io.wshandshake.apisnapshot;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module as sorted text, checked against a snapshot in the module's source tree,
 * {@code api/<module>.api}. Each published module has a test named {@code ApiSnapshotTest} that calls
 * {@link #assertUnchanged()}; it fails with the lines that were added and removed, and
 * {@code -Dapi.snapshot.update=true} rewrites the snapshot instead.
 * <p>
 * The listing holds every public or protected type of the module's main classes (nested ones when their enclosing
 * types are listed too), one block each, sorted by binary name: the type's kind, modifiers, type parameters and
 * supertypes, then its public and protected fields (with the value of {@code static final} strings and primitives,
 * so attribute keys and metric names are pinned), constructors and methods, each group sorted by name and parameter
 * types. Members are the declared ones; inherited ones show through the supertypes. Compiler-made synthetic and bridge
 * members are left out. {@code @Deprecated} is shown, other annotations are not.
 * <p>
 * Shared by the modules through handshake-core's test jar, so that each module's snapshot is made the same way.
 */
public final class PublicApiSnapshot {

    /** Set this system property to {@code true} to rewrite the snapshot instead of checking it. */
    public static final String UPDATE_PROPERTY = "api.snapshot.update";

    private static final String INDENT = "  ";

    private final String module;

    private final Path classes;

    private final ClassLoader classLoader;

    private final Path snapshot;

    private PublicApiSnapshot(String module, Path classes, ClassLoader classLoader, Path snapshot) {
        this.module = module;
        this.classes = classes;
        this.classLoader = classLoader;
        this.snapshot = snapshot;
    }

    /**
     * The snapshot of the module whose main classes hold {@code anyMainClass}, kept in
     * {@code <module directory>/api/<module>.api}. The module directory is the one above Maven's
     * {@code target/classes}; for classes built elsewhere (an IDE's own output), Surefire's {@code basedir}, else the
     * working directory.
     */
    public static PublicApiSnapshot of(String module, Class<?> anyMainClass) {
        Path classes;
        try {
            classes = Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("Cannot locate the classes of " + anyMainClass, ex);
        }
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("The classes of " + anyMainClass + " are in " + classes
                    + ", not in a build output directory: run the test from the module's build");
        }
        Path moduleDirectory = classes.endsWith(Path.of("target", "classes")) ? classes.getParent().getParent()
                : Path.of(System.getProperty("basedir", ""));
        return new PublicApiSnapshot(module, classes, anyMainClass.getClassLoader(),
                moduleDirectory.resolve("api").resolve(module + ".api"));
    }

    /**
     * Fails with the difference when the module's public API is not what the snapshot says, or rewrites the snapshot
     * when the system property {@value #UPDATE_PROPERTY} is {@code true}.
     */
    public void assertUnchanged() {
        String actual = render();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(actual);
            return;
        }
        if (!Files.exists(this.snapshot)) {
            throw new AssertionError("There is no snapshot of the public API of " + this.module + " at "
                    + this.snapshot + " yet; make it, check it and commit it:\n  " + updateCommand());
        }
        difference(read(), actual).ifPresent(difference -> {
            throw new AssertionError(difference);
        });
    }

    /** The snapshot file's content for this module's classes as they are now. */
    public String render() {
        List<Class<?>> types;
        try (Stream<Path> files = Files.walk(this.classes)) {
            types = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> this.classes.relativize(file).toString())
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace(File.separator, "."))
                    .filter(name -> !name.endsWith("module-info") && !name.endsWith("package-info"))
                    .map(this::load)
                    .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return header() + listing(types);
    }

    /** The listing of those of {@code types} that are public API, without the file header. */
    public static String listing(List<Class<?>> types) {
        return types.stream()
                .filter(PublicApiSnapshot::isApi)
                .sorted(Comparator.comparing(Class::getName))
                .map(PublicApiSnapshot::block)
                .collect(Collectors.joining("\n"));
    }

    /**
     * What differs between two snapshots, for people: the members and types only one of them has, each with the
     * type it belongs to, and how to update the snapshot. Empty when they list the same API; comments and blank
     * lines do not count.
     */
    public Optional<String> difference(String expected, String actual) {
        Set<String> expectedEntries = entries(expected);
        Set<String> actualEntries = entries(actual);
        if (expectedEntries.equals(actualEntries)) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder();
        message.append("The public API of ").append(this.module).append(" is not what ").append(this.snapshot)
                .append(" says.\n");
        expectedEntries.stream().filter(entry -> !actualEntries.contains(entry))
                .forEach(entry -> message.append("  - ").append(entry).append('\n'));
        actualEntries.stream().filter(entry -> !expectedEntries.contains(entry))
                .forEach(entry -> message.append("  + ").append(entry).append('\n'));
        message.append("(- only in the snapshot, + only in the code.) Additions are free; anything removed or ")
                .append("changed breaks a user.\nIf the change is intended, update the snapshot and commit it with ")
                .append("the change:\n  ").append(updateCommand()).append('\n');
        return Optional.of(message.toString());
    }

    private String updateCommand() {
        return "./mvnw -pl " + this.module + " -am test -Dtest=ApiSnapshotTest -D" + UPDATE_PROPERTY + "=true";
    }

    private String header() {
        return "# The public API of " + this.module + ", made by " + PublicApiSnapshot.class.getSimpleName()
                + " and checked by ApiSnapshotTest.\n"
                + "# Do not edit: after an intended change, regenerate it and commit it with the change:\n"
                + "#   " + updateCommand() + "\n\n";
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, this.classLoader);
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalStateException("Cannot load " + name + " from " + this.classes, ex);
        }
    }

    private String read() {
        try {
            return Files.readString(this.snapshot, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void write(String content) {
        try {
            Files.createDirectories(this.snapshot.getParent());
            Files.writeString(this.snapshot, content, StandardCharsets.UTF_8);
            System.out.println("Wrote the public API of " + this.module + " to " + this.snapshot.toAbsolutePath());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Each type line, and each member line qualified with its type's name; in file order. */
    private static Set<String> entries(String snapshot) {
        Set<String> entries = new LinkedHashSet<>();
        String typeName = "";
        for (String line : snapshot.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(INDENT)) {
                entries.add(typeName + ": " + line.strip());
            }
            else {
                typeName = typeName(line);
                entries.add(line);
            }
        }
        return entries;
    }

    /** The binary name in a type line: the word after its kind. */
    private static String typeName(String typeLine) {
        List<String> words = Arrays.asList(typeLine.split(" "));
        for (String kind : List.of("class", "interface", "enum", "record", "@interface")) {
            int index = words.indexOf(kind);
            if (index >= 0 && index + 1 < words.size()) {
                String name = words.get(index + 1);
                int typeParameters = name.indexOf('<');
                return (typeParameters >= 0) ? name.substring(0, typeParameters) : name;
            }
        }
        return typeLine;
    }

    private static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        Class<?> enclosing = type.getEnclosingClass();
        return isVisible(type.getModifiers()) && (enclosing == null || isApi(enclosing));
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String block(Class<?> type) {
        StringBuilder block = new StringBuilder(typeLine(type)).append('\n');
        Stream.of(fields(type), constructors(type), methods(type)).flatMap(List::stream)
                .forEach(member -> block.append(INDENT).append(member).append('\n'));
        return block.toString();
    }

    private static String typeLine(Class<?> type) {
        List<String> words = new ArrayList<>();
        words.add(visibility(type.getModifiers()));
        String kind = kind(type);
        if (kind.equals("class")) {
            if (Modifier.isAbstract(type.getModifiers())) {
                words.add("abstract");
            }
            if (type.getEnclosingClass() != null && Modifier.isStatic(type.getModifiers())) {
                words.add("static");
            }
            if (Modifier.isFinal(type.getModifiers())) {
                words.add("final");
            }
        }
        // An enum whose constants have bodies is sealed too, but only the compiler can subclass it.
        boolean sealed = type.isSealed() && !type.isEnum();
        if (sealed) {
            words.add("sealed");
        }
        words.add(kind);
        words.add(type.getName() + typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (kind.equals("class") && superclass != null && superclass != Object.class) {
            words.add("extends " + name(superclass));
        }
        List<Type> interfaces = Arrays.stream(type.getGenericInterfaces())
                .filter(anInterface -> !(type.isAnnotation() && anInterface == java.lang.annotation.Annotation.class))
                .toList();
        if (!interfaces.isEmpty()) {
            words.add((type.isInterface() ? "extends " : "implements ") + names(interfaces));
        }
        if (sealed) {
            words.add("permits " + Arrays.stream(type.getPermittedSubclasses()).filter(PublicApiSnapshot::isApi)
                    .map(Class::getName).sorted().collect(Collectors.joining(", ")));
        }
        return deprecation(type) + String.join(" ", words);
    }

    private static String kind(Class<?> type) {
        if (type.isAnnotation()) {
            return "@interface";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        return type.isRecord() ? "record" : "class";
    }

    private static List<String> fields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(field -> !field.isSynthetic() && isVisible(field.getModifiers()))
                .sorted(Comparator.comparing(Field::getName))
                .map(PublicApiSnapshot::field)
                .toList();
    }

    private static String field(Field field) {
        int modifiers = field.getModifiers();
        StringBuilder line = new StringBuilder(deprecation(field)).append(visibility(modifiers));
        line.append(Modifier.isStatic(modifiers) ? " static" : "").append(Modifier.isFinal(modifiers) ? " final" : "");
        line.append(' ').append(name(field.getGenericType())).append(' ').append(field.getName());
        boolean constant = Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                && (field.getType() == String.class || field.getType().isPrimitive());
        if (constant) {
            line.append(" = ").append(value(field));
        }
        return line.toString();
    }

    private static String value(Field field) {
        try {
            field.trySetAccessible();
            Object value = field.get(null);
            if (value instanceof String text) {
                return quote(text, '"');
            }
            return (value instanceof Character character) ? quote(character.toString(), '\'') : String.valueOf(value);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException("Cannot read the constant " + field, ex);
        }
    }

    private static String quote(String text, char quote) {
        StringBuilder quoted = new StringBuilder().append(quote);
        for (char c : text.toCharArray()) {
            if (c == quote || c == '\\') {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7e) {
                quoted.append(String.format("\\u%04x", (int) c));
            }
            else {
                quoted.append(c);
            }
        }
        return quoted.append(quote).toString();
    }

    private static List<String> constructors(Class<?> type) {
        return Arrays.stream(type.getDeclaredConstructors())
                .filter(constructor -> !constructor.isSynthetic() && isVisible(constructor.getModifiers()))
                .map(constructor -> executable(constructor, type.getSimpleName(), ""))
                .sorted()
                .toList();
    }

    private static List<String> methods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(method -> !method.isSynthetic() && !method.isBridge() && isVisible(method.getModifiers()))
                .sorted(Comparator.comparing(Method::getName).thenComparing(method -> parameters(method)))
                .map(method -> executable(method, method.getName(), name(method.getGenericReturnType()) + " "))
                .toList();
    }

    private static String executable(Executable executable, String name, String returnType) {
        int modifiers = executable.getModifiers();
        List<String> words = new ArrayList<>();
        words.add(visibility(modifiers));
        boolean inInterface = executable.getDeclaringClass().isInterface();
        if (executable instanceof Method method && method.isDefault()) {
            words.add("default");
        }
        if (Modifier.isAbstract(modifiers) && !inInterface) {
            words.add("abstract");
        }
        if (Modifier.isStatic(modifiers)) {
            words.add("static");
        }
        if (Modifier.isFinal(modifiers)) {
            words.add("final");
        }
        String typeParameters = typeParameters(executable.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            words.add(typeParameters);
        }
        String line = deprecation(executable) + String.join(" ", words) + " " + returnType + name + "("
                + parameters(executable) + ")";
        Type[] exceptions = executable.getGenericExceptionTypes();
        return (exceptions.length > 0) ? line + " throws " + names(Arrays.asList(exceptions)) : line;
    }

    private static String parameters(Executable executable) {
        Type[] parameters = executable.getGenericParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            boolean varargs = executable.isVarArgs() && i == parameters.length - 1;
            String name = name(parameters[i]);
            names.add(varargs ? name.substring(0, name.length() - "[]".length()) + "..." : name);
        }
        return String.join(", ", names);
    }

    private static String typeParameters(TypeVariable<?>[] typeParameters) {
        if (typeParameters.length == 0) {
            return "";
        }
        return Arrays.stream(typeParameters).map(typeParameter -> {
            String bounds = Arrays.stream(typeParameter.getBounds()).filter(bound -> bound != Object.class)
                    .map(PublicApiSnapshot::name).collect(Collectors.joining(" & "));
            return bounds.isEmpty() ? typeParameter.getName() : typeParameter.getName() + " extends " + bounds;
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    private static String deprecation(AnnotatedElement element) {
        Deprecated deprecated = element.getAnnotation(Deprecated.class);
        if (deprecated == null) {
            return "";
        }
        List<String> attributes = new ArrayList<>();
        if (!deprecated.since().isEmpty()) {
            attributes.add("since = " + quote(deprecated.since(), '"'));
        }
        if (deprecated.forRemoval()) {
            attributes.add("forRemoval = true");
        }
        return attributes.isEmpty() ? "@Deprecated " : "@Deprecated(" + String.join(", ", attributes) + ") ";
    }

    private static String visibility(int modifiers) {
        return Modifier.isPublic(modifiers) ? "public" : "protected";
    }

    private static String names(List<Type> types) {
        return types.stream().map(PublicApiSnapshot::name).collect(Collectors.joining(", "));
    }

    /** A type as in source, but with binary names ({@code Outer$Nested}) so nested types are told from packages. */
    private static String name(Type type) {
        if (type instanceof Class<?> plain) {
            return plain.isArray() ? name(plain.getComponentType()) + "[]" : plain.getName();
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            String rawName = (parameterized.getOwnerType() instanceof ParameterizedType owner)
                    ? name(owner) + "$" + raw.getSimpleName() : raw.getName();
            return rawName + Arrays.stream(parameterized.getActualTypeArguments()).map(PublicApiSnapshot::name)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof WildcardType wildcard) {
            if (wildcard.getLowerBounds().length > 0) {
                return "? super " + name(wildcard.getLowerBounds()[0]);
            }
            Type upper = wildcard.getUpperBounds()[0];
            return (upper == Object.class) ? "?" : "? extends " + name(upper);
        }
        if (type instanceof GenericArrayType array) {
            return name(array.getGenericComponentType()) + "[]";
        }
        return type.getTypeName();
    }
}
