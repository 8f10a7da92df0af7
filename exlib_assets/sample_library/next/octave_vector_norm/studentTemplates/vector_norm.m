function n = vector_norm(x, p)
  % VECTOR_NORM  p-norm of a vector, computed without norm().
  %   n = vector_norm(x)     Euclidean norm (p = 2)
  %   n = vector_norm(x, p)  p-norm for a real p >= 1
  %   n = vector_norm(x, Inf) maximum norm max(abs(x))
  if nargin < 2
    p = 2;
  end
  % TODO: check the arguments and raise the errors
  %       'vector_norm:notVector' and 'vector_norm:invalidP'
  % TODO: compute the norm without loops (use abs, .^ and sum)
  % TODO: p = Inf is the maximum norm; it is 0 for the empty vector
  n = NaN;
end
