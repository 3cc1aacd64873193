using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MipSecure.PublicApi.Tests;

/// <summary>
/// Which namespaces the types of each namespace of a compiled assembly use, read from its metadata: base types and
/// interfaces, field, property and method signatures, and the types and members named in method bodies.
/// </summary>
internal static class NamespaceDependencies
{
    /// <summary>Namespace → namespaces it uses (itself excluded). Types in no namespace (compiler-generated) are skipped.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Of(Assembly assembly) => Collect(assembly, NamespaceOf);

    /// <summary>Top-level type (full name; nested and compiler-generated types count as their outermost type) → namespaces it uses.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> OfTypes(Assembly assembly) => Collect(assembly, OutermostTypeOf);

    private static Dictionary<string, IReadOnlySet<string>> Collect(Assembly assembly, Func<MetadataReader, TypeDefinitionHandle, string> ownerOf)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var provider = new Collector(reader);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var owner = ownerOf(reader, handle);
            if (owner.Length == 0 || NamespaceOf(reader, handle).Length == 0)
            {
                continue;
            }

            if (!graph.TryGetValue(owner, out var uses))
            {
                graph[owner] = uses = new HashSet<string>(StringComparer.Ordinal);
            }

            provider.Sink = uses;
            var type = reader.GetTypeDefinition(handle);
            provider.Record(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                provider.Record(reader.GetInterfaceImplementation(implementation).Interface);
            }

            foreach (var field in type.GetFields())
            {
                reader.GetFieldDefinition(field).DecodeSignature(provider, null);
            }

            foreach (var property in type.GetProperties())
            {
                reader.GetPropertyDefinition(property).DecodeSignature(provider, null);
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                method.DecodeSignature(provider, null);
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                    }

                    foreach (var token in Il.Tokens(body.GetILBytes() ?? Array.Empty<byte>()))
                    {
                        provider.Record(MetadataTokens.EntityHandle(token));
                    }
                }
            }

            uses.Remove(NamespaceOf(reader, handle));
        }

        return graph.ToDictionary(pair => pair.Key, pair => (IReadOnlySet<string>)pair.Value, StringComparer.Ordinal);
    }

    private static string OutermostTypeOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? reader.GetString(type.Namespace) + "." + reader.GetString(type.Name) : OutermostTypeOf(reader, declaring);
    }

    private static string NamespaceOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? reader.GetString(type.Namespace) : NamespaceOf(reader, declaring);
    }

    private static string NamespaceOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? NamespaceOf(reader, (TypeReferenceHandle)type.ResolutionScope)
            : reader.GetString(type.Namespace);
    }

    /// <summary>Records every namespace a signature or token names into <see cref="Sink"/>.</summary>
    private sealed class Collector(MetadataReader reader) : ISignatureTypeProvider<string, object?>
    {
        public HashSet<string> Sink { get; set; } = new(StringComparer.Ordinal);

        public void Record(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0);
                    break;
                case HandleKind.TypeReference:
                    GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0);
                    break;
                case HandleKind.TypeSpecification:
                    GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0);
                    break;
                case HandleKind.MethodDefinition:
                    Record(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Record(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Record(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Record(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
            }
        }

        public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => Add(NamespaceOf(metadata, handle));

        public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => Add(NamespaceOf(metadata, handle));

        public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType;

        public string GetArrayType(string elementType, ArrayShape shape) => elementType;

        public string GetByReferenceType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

        public string GetGenericMethodParameter(object? genericContext, int index) => string.Empty;

        public string GetGenericTypeParameter(object? genericContext, int index) => string.Empty;

        public string GetFunctionPointerType(MethodSignature<string> signature) => string.Empty;

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System";

        private string Add(string name)
        {
            if (name.Length > 0)
            {
                Sink.Add(name);
            }

            return name;
        }
    }

    /// <summary>The metadata tokens an IL stream names (types, methods, fields), found by walking its opcodes.</summary>
    private static class Il
    {
        private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value, code => code.OperandType);

        public static IEnumerable<int> Tokens(byte[] il)
        {
            var position = 0;
            while (position < il.Length)
            {
                short value = il[position++];
                if (value == 0xFE && position < il.Length)
                {
                    value = unchecked((short)(0xFE00 | il[position++]));
                }

                if (!Operands.TryGetValue(value, out var operand))
                {
                    yield break;
                }

                switch (operand)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                        yield return BitConverter.ToInt32(il, position);
                        position += 4;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        position += 1;
                        break;
                    case OperandType.InlineVar:
                        position += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        position += 8;
                        break;
                    case OperandType.InlineSwitch:
                        var count = BitConverter.ToInt32(il, position);
                        position += 4 + (4 * count);
                        break;
                    default:
                        position += 4;
                        break;
                }
            }
        }
    }
}
