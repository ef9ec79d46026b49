"""English messages refusing recipes that cannot make sense."""

REFUSE = {
    "quote.shortened": "{head}… ({length} characters)",
    "recipe.did_you_mean": " Did you mean '{suggestion}'?",
    # the recipe file and YAML itself
    "recipe.unreadable": "Recipe file {source} cannot be read: {error}.",
    "recipe.too_large": "Recipe file {source} is larger than {limit} bytes: a recipe is a short YAML file. Check that this is the recipe you meant.",
    "recipe.not_utf8": "Recipe file {source} is not UTF-8 text (byte {position} is {byte}). Save it as UTF-8.",
    "recipe.yaml_tag": "{source}: the YAML tag {tag} is not allowed in a recipe; write the value plainly (quote it to make it text).",
    "recipe.yaml_too_deep": "{source}: the YAML is nested more than {limit} levels deep; a recipe needs a few.",
    "recipe.yaml_recursive_alias": "{source}: the YAML alias *{anchor} is used inside its own anchor &{anchor}; write the value out.",
    "recipe.yaml_too_many_aliases": "{source}: the YAML uses more than {limit} aliases (*name); write the values out.",
    "recipe.yaml_alias_expansion": "{source}: the YAML's aliases (*name) stand for more than {limit} values in all; write the values out.",
    "recipe.yaml_long_number": "{source}: a number has {digits} digits, more than the {limit} a recipe takes; write a smaller one.",
    "recipe.yaml_bad_value": "{source}: a value cannot be read: {error}. Quote it to make it text.",
    "recipe.bad_section": "{source}: '{key}': {problem}.",
    "recipe.bad_recipe": "{source}: {problem}.",
    # fields whose value cannot make sense
    "schema.seed_range": "a seed is a whole number from 0 to {largest} (NumPy's seeding range); use one in that range",
    "schema.cnn_flattened": "model {name} is kind cnn, which reads each image as height x width x channels, and preprocess.flatten: true turns images into one vector; set preprocess.flatten: false",
    # the recipe against the loaded data
    "check.split_leaves_no_rows": "split.test_size {test_size} of {rows} training rows leaves {train} for training and {validation} for validation; each needs at least {least}. Use a test_size between {low} and {high}.",
    "check.validation_split_leaves_no_rows": "split.validation_split {fraction} of {rows} training rows leaves {train} for training and {validation} for validation; each needs at least 1. Use a validation_split between {low} and {high}.",
    "check.stratify_small_class": "split.stratify keeps each class's share on both sides of the split, and class {name} has only {count} training row(s). Set split.stratify: false, or give the class more rows.",
    "check.cnn_needs_images": "model {name} is kind cnn, which needs images (height x width, and channels), and this data set's rows are {shape}. Use model.kind dense.",
    "check.cnn_too_deep": "model {name} has {blocks} convolution blocks, each pooling halves the image, and {fitting} halvings already bring the {shape} images down to one pixel. Use at most {fitting} entries in model.filters, or a smaller preprocess.downsample.",
}
