using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

namespace MipSecure.PublicApi.Tests;

/// <summary>Lists an assembly's public surface, one stable line per type and member, so that an API change is a visible diff.</summary>
internal static class PublicApiListing
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Of(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Describe(type)).Append('\n');
            foreach (var line in Members(type).OrderBy(l => l, StringComparer.Ordinal))
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Describe(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : "class";
        var modifiers = kind == "class" && type.IsAbstract && type.IsSealed ? "static "
            : kind == "class" && type.IsAbstract ? "abstract "
            : kind == "class" && type.IsSealed ? "sealed " : string.Empty;
        var bases = new List<string>();
        if (kind == "class" && type.BaseType is not null && type.BaseType != typeof(object))
        {
            bases.Add(Name(type.BaseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).OrderBy(n => n, StringComparer.Ordinal));
        return $"{modifiers}{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                yield return $"{name} = {Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var constructor in type.GetConstructors(Declared))
        {
            yield return $"ctor({Parameters(constructor)})";
        }

        foreach (var property in type.GetProperties(Declared))
        {
            var accessors = string.Join(" ", new[] { property.GetMethod, property.SetMethod }
                .Where(m => m is not null && (m.IsPublic || m.IsFamily))
                .Select(m => m == property.GetMethod ? "get;" : IsInitOnly(m!) ? "init;" : "set;"));
            var isStatic = (property.GetMethod ?? property.SetMethod)!.IsStatic ? "static " : string.Empty;
            yield return $"{isStatic}{Name(property.PropertyType)} {property.Name} {{ {accessors} }}";
        }

        foreach (var field in type.GetFields(Declared))
        {
            var modifiers = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
            yield return $"{modifiers}{Name(field.FieldType)} {field.Name}";
        }

        foreach (var method in type.GetMethods(Declared).Where(m => !m.IsSpecialName))
        {
            var isStatic = method.IsStatic ? "static " : string.Empty;
            var generic = method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
            yield return $"{isStatic}{Name(method.ReturnType)} {method.Name}{generic}({Parameters(method)})";
        }

        foreach (var nested in type.GetEvents(Declared))
        {
            yield return $"event {Name(nested.EventHandlerType!)} {nested.Name}";
        }
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)
            + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name
            + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
