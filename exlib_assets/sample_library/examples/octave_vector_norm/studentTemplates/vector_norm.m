function n = vector_norm(x, p)
  % VECTOR_NORM  p-norm of a vector, computed without norm().
  %   n = vector_norm(x)     Euclidean norm (p = 2)
  %   n = vector_norm(x, p)  p-norm for a finite real p >= 1
  if nargin < 2
    p = 2;
  end
  % TODO: check the arguments and raise the errors
  %       'vector_norm:notVector' and 'vector_norm:invalidP'
  % TODO: compute the norm without loops (use abs, .^ and sum)
  n = NaN;
end
