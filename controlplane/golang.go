package main

import (
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/anypb"
)

// The contrib Go network filter's config (envoy.extensions.filters.network.golang.v3alpha.Config)
// lives in go-control-plane's contrib module, which this module does not require; its five fields
// are encoded here instead.
const golangConfigType = "envoy.extensions.filters.network.golang.v3alpha.Config"

func golangFilterConfig(libraryPath string, plugin *anypb.Any) (*anypb.Any, error) {
	pc, err := proto.MarshalOptions{Deterministic: true}.Marshal(plugin)
	if err != nil {
		return nil, err
	}
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.VarintType) // is_terminal_filter
	b = protowire.AppendVarint(b, 1)
	b = protowire.AppendTag(b, 2, protowire.BytesType) // library_id
	b = protowire.AppendString(b, moduleName)
	b = protowire.AppendTag(b, 3, protowire.BytesType) // library_path
	b = protowire.AppendString(b, libraryPath)
	b = protowire.AppendTag(b, 4, protowire.BytesType) // plugin_name
	b = protowire.AppendString(b, filterName)
	b = protowire.AppendTag(b, 5, protowire.BytesType) // plugin_config
	b = protowire.AppendBytes(b, pc)
	return &anypb.Any{TypeUrl: "type.googleapis.com/" + golangConfigType, Value: b}, nil
}

// typeResolver knows the golang filter's config too, so render can print it.
type typeResolver struct{ golang protoreflect.MessageType }

func newTypeResolver() (*typeResolver, error) {
	str := func(s string) *string { return &s }
	num := func(n int32) *int32 { return &n }
	field := func(name string, n int32, t descriptorpb.FieldDescriptorProto_Type, typeName string) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: str(name), JsonName: str(jsonName(name)), Number: num(n), Type: t.Enum(),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()}
		if typeName != "" {
			f.TypeName = str(typeName)
		}
		return f
	}
	fd, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name:       str("cqlmirror/golang_filter_config.proto"),
		Package:    str("envoy.extensions.filters.network.golang.v3alpha"),
		Syntax:     str("proto3"),
		Dependency: []string{"google/protobuf/any.proto"},
		MessageType: []*descriptorpb.DescriptorProto{{Name: str("Config"), Field: []*descriptorpb.FieldDescriptorProto{
			field("is_terminal_filter", 1, descriptorpb.FieldDescriptorProto_TYPE_BOOL, ""),
			field("library_id", 2, descriptorpb.FieldDescriptorProto_TYPE_STRING, ""),
			field("library_path", 3, descriptorpb.FieldDescriptorProto_TYPE_STRING, ""),
			field("plugin_name", 4, descriptorpb.FieldDescriptorProto_TYPE_STRING, ""),
			field("plugin_config", 5, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, ".google.protobuf.Any"),
		}}},
	}, protoregistry.GlobalFiles)
	if err != nil {
		return nil, err
	}
	return &typeResolver{golang: dynamicpb.NewMessageType(fd.Messages().Get(0))}, nil
}

func jsonName(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

func (r *typeResolver) FindMessageByName(n protoreflect.FullName) (protoreflect.MessageType, error) {
	if n == golangConfigType {
		return r.golang, nil
	}
	return protoregistry.GlobalTypes.FindMessageByName(n)
}

func (r *typeResolver) FindMessageByURL(url string) (protoreflect.MessageType, error) {
	if strings.HasSuffix(url, "/"+golangConfigType) {
		return r.golang, nil
	}
	return protoregistry.GlobalTypes.FindMessageByURL(url)
}

func (r *typeResolver) FindExtensionByName(n protoreflect.FullName) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByName(n)
}

func (r *typeResolver) FindExtensionByNumber(m protoreflect.FullName, n protoreflect.FieldNumber) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByNumber(m, n)
}
